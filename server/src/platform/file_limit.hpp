#pragma once

#include <cstdint>

namespace ticketing::platform {

// Raises the soft limit on open files towards the hard limit (at most `wanted`) and returns the
// soft limit in force afterwards. The server's connection cap plus its database files and pool
// need more descriptors than the usual soft limit of 1,024: without them accept() fails with
// EMFILE and connections wait in the backlog before the cap can shed anything.
std::uint64_t RaiseOpenFileLimit(std::uint64_t wanted);

}  // namespace ticketing::platform
