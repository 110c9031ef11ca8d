#include "store/shared_snapshot.hpp"

#include <exception>

#include "store/snapshot_version.hpp"

namespace ticketing::store {

std::optional<std::string> SharedSnapshot::Current(Tx& tx) {
    std::unique_lock lock(mutex_);
    // The first query sent after this moment: one already in flight may predate our caller's
    // last commit.
    const std::uint64_t wanted = started_ + 1;
    while (finished_ < wanted) {
        if (in_flight_) {
            done_.wait(lock);
            continue;
        }
        in_flight_ = true;
        const std::uint64_t mine = ++started_;
        lock.unlock();
        std::optional<std::string> snapshot;
        std::exception_ptr failure;
        try {
            snapshot = QuerySnapshot(tx);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        in_flight_ = false;
        if (failure) {
            done_.notify_all();  // a waiter sends the next query itself
            std::rethrow_exception(failure);
        }
        finished_ = mine;  // one query at a time: answers come in the order they were sent
        latest_ = std::move(snapshot);
        done_.notify_all();
    }
    return latest_;
}

}  // namespace ticketing::store
