#include "platform/file_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace ticketing::platform {

std::uint64_t RaiseOpenFileLimit(std::uint64_t wanted) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
        const rlim_t target = limit.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(wanted, limit.rlim_max);
        if (target > limit.rlim_cur) {
            rlimit raised = limit;
            raised.rlim_cur = target;
            if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
        }
    }
    return limit.rlim_cur == RLIM_INFINITY ? wanted : limit.rlim_cur;
}

}  // namespace ticketing::platform
