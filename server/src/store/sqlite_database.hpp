#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/connection_pool.hpp"
#include "store/database.hpp"

namespace ticketing::store {

// SQLite in WAL mode with synchronous=FULL. Readers use a pool of query-only connections; all
// writes go to one writer thread, which commits whatever is queued as one transaction (group
// commit: one fsync for many writes) with a savepoint around each write so one failing write
// does not undo the others.
class SqliteDatabase final : public Database {
public:
    SqliteDatabase(std::string path, const DatabaseOptions& options);
    ~SqliteDatabase() override;

    [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
    [[nodiscard]] PoolUsage pool_usage() const override { return {readers_.in_use(), readers_.size()}; }
    void RunExclusive(platform::FunctionRef<void(Connection&)> fn) override;
    void Ping() override;
    void Shutdown() override;

protected:
    void RunRead(platform::FunctionRef<void(Tx&)> fn) override;
    void RunWrite(platform::FunctionRef<void(Tx&)> fn) override;

private:
    struct Job {
        platform::FunctionRef<void(Tx&)>* write = nullptr;
        platform::FunctionRef<void(Connection&)>* exclusive = nullptr;
        std::exception_ptr error;
        bool done = false;
    };

    [[nodiscard]] std::unique_ptr<Connection> OpenConnection(bool reader) const;
    // A pooled reader; inside a NoWaitScope only an idle one, else WouldBlock (store/no_wait.hpp).
    [[nodiscard]] ConnectionPool::Lease AcquireReader();
    void Submit(Job& job);
    void WriterLoop();
    // Returns true if it already finished (acknowledged) the jobs itself.
    bool CommitGroup(const std::vector<Job*>& jobs);
    void Finish(const std::vector<Job*>& jobs);
    // Replaces the writer connection after a storage fault; false if it could not be reopened.
    bool RenewWriter();

    std::string path_;
    DatabaseOptions options_;
    std::unique_ptr<Connection> writer_;
    bool writer_suspect_ = false;  // a storage fault hit the writer: reopen it before the next write
    ConnectionPool readers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    std::deque<Job*> queue_;
    bool stopping_ = false;
    std::thread writer_thread_;
};

}  // namespace ticketing::store
