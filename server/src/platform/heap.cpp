#include "platform/heap.hpp"

#include <malloc.h>

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
// From libasan's interface (sanitizer/allocator_interface.h, which g++ 12 on Debian does not
// ship); the library that -fsanitize=address links provides it.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace ticketing::platform {

void KeepFreedHeapForReuse() {
    // Up to 4 MiB per arena stays mapped: enough for 32 connections' worth of response bodies
    // of that size to be freed and built again without a page fault. Setting the threshold
    // also fixes glibc's mmap threshold, which it would otherwise raise on its own; 1 MiB keeps
    // larger bodies (a 200-ticket page is about 270 KB) in the heap and beyond that in mmap,
    // which unmaps on free, so one huge answer leaves nothing behind.
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
}

std::size_t HeapInUseBytes() {
#if defined(__SANITIZE_ADDRESS__)
    return __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#endif
}

}  // namespace ticketing::platform
