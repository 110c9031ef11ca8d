#include "store/shared_snapshot.hpp"

#include <exception>

#include "store/sql.hpp"

namespace ticketing::store {
namespace {

struct SnapshotNow final : PreparedStatement {
    std::string snapshot;
    Query q;
    SnapshotNow(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.Out(snapshot);
        q.Prepare("SELECT pg_current_snapshot()::text");
    }
};

}  // namespace

std::string SharedSnapshot::Current(Tx& tx) {
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
        std::string snapshot;
        std::exception_ptr failure;
        try {
            auto& s = tx.connection().Prepared<SnapshotNow>();
            s.q.Run();
            snapshot = s.snapshot;
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        in_flight_ = false;
        if (failure) {
            done_.notify_all();  // a waiter sends the next query itself
            std::rethrow_exception(failure);
        }
        if (mine > finished_) {
            finished_ = mine;
            latest_ = std::move(snapshot);
        }
        done_.notify_all();
    }
    return latest_;
}

}  // namespace ticketing::store
