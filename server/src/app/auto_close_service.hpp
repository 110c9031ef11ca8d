#pragma once

#include <cstdint>

#include "app/context.hpp"

namespace ticketing::app {

// Closes tickets RESOLVED for `after_days` or more, each with a STATUS_CHANGED audit row by the
// built-in System account. Works in batches of its own transactions, so a crash mid-run loses
// nothing and the next run picks up the rest; the version check on each update means two
// runners can never close a ticket twice or write a second audit row.
class AutoCloseService {
public:
    AutoCloseService(AppContext ctx, std::int64_t after_days) : ctx_(ctx), after_days_(after_days) {}

    // Returns how many tickets this run closed (0 if another instance holds the job lock).
    int RunOnce();

private:
    AppContext ctx_;
    std::int64_t after_days_;
};

}  // namespace ticketing::app
