#pragma once

#include <cstddef>

namespace ticketing::platform {

// Lets each malloc arena keep up to a few MiB of freed memory at its top for reuse instead of
// handing it back to the kernel at once. glibc's default gives back everything above 128 KiB:
// a 67 KB dashboard page built on a worker and freed on an I/O thread then grew and shrank the
// worker's arena on every request, and the page faults that followed halved the dashboard's
// throughput (bench/README.md, "Heap trimming"). Call once, before any thread starts.
void KeepFreedHeapForReuse();

// Bytes the allocator holds for live allocations: glibc's count of what is in use (mallinfo2:
// small blocks in the arenas plus mmap'd large ones); in an AddressSanitizer build, ASan's own
// count, since its allocator replaces glibc's. RSS cannot tell a leak from memory an allocator
// keeps for reuse, and under ASan it mostly measures ASan (docs/reliability.md, S4); this can.
// It walks the arenas' free lists under their locks: read it per scrape, not per request.
[[nodiscard]] std::size_t HeapInUseBytes();

}  // namespace ticketing::platform
