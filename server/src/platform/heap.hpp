#pragma once

namespace ticketing::platform {

// Lets each malloc arena keep up to a few MiB of freed memory at its top for reuse instead of
// handing it back to the kernel at once. glibc's default gives back everything above 128 KiB:
// a 67 KB dashboard page built on a worker and freed on an I/O thread then grew and shrank the
// worker's arena on every request, and the page faults that followed halved the dashboard's
// throughput (bench/README.md, "Heap trimming"). Call once, before any thread starts.
void KeepFreedHeapForReuse();

}  // namespace ticketing::platform
