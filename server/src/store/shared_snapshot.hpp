#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "store/connection.hpp"

namespace ticketing::store {

// PostgreSQL: the server's current snapshot (`pg_current_snapshot()` as text), one query shared
// by the callers that ask at the same time. Every caller gets a snapshot taken after its call
// began, so it names data that includes every commit made before the call: a caller that
// arrives while a query is in flight waits for the next one, which the first waiter sends on its
// own connection (no extra pooled connection, so no caller can starve the pool). A cached page
// polled by many clients then costs the database a fraction of a query each
// (app/auth_service.cpp, bench/README.md).
class SharedSnapshot {
public:
    // `tx` is the caller's read (PostgreSQL), used only if this caller sends the query. nullopt
    // if the snapshot could not be read (store::QuerySnapshot).
    [[nodiscard]] std::optional<std::string> Current(Tx& tx);

private:
    std::mutex mutex_;
    std::condition_variable done_;
    std::uint64_t started_ = 0;  // queries sent so far
    std::uint64_t finished_ = 0;  // the newest query answered
    bool in_flight_ = false;
    std::optional<std::string> latest_;  // the answer of query `finished_`
};

}  // namespace ticketing::store
