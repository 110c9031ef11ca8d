#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <vector>

// Watching the server process from outside (its descriptors and memory), the limits it is built
// with, and the small statistics the tests print.
namespace ticketing::testing::reliability {

// ServerOptions (server/src/http/server.hpp): not configurable from the environment.
inline constexpr int kMaxConnections = 1024;
inline constexpr double kHeaderTimeoutS = 10;
inline constexpr double kBodyTimeoutS = 20;
inline constexpr double kIdleTimeoutS = 30;
// "fds never above the cap": the server's descriptors may exceed its idle baseline (listener,
// database files, epoll, eventfds, log) by max_connections and this much.
inline constexpr int kFdMargin = 16;

// Open descriptors of `pid` (0 if it is gone).
[[nodiscard]] int CountFds(pid_t pid);
// VmRSS of `pid` in MiB (0 if it is gone).
[[nodiscard]] double RssMib(pid_t pid);
// Raises this process's soft RLIMIT_NOFILE towards `want` (up to the hard limit); the limit
// after. Servers started afterwards inherit it.
std::uint64_t RaiseFdLimit(std::uint64_t want);
// The p-quantile (0..1) of `values`, nearest rank; 0 for none.
[[nodiscard]] double Percentile(std::vector<double> values, double p);

[[nodiscard]] inline double Seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace ticketing::testing::reliability
