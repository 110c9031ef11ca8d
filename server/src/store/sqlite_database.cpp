#include "store/sqlite_database.hpp"

#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>
#include <filesystem>

#include "domain/errors.hpp"
#include "store/db_error.hpp"

namespace ticketing::store {
namespace {

sqlite_api::sqlite3* NativeHandle(Connection& connection) {
    return static_cast<soci::sqlite3_session_backend*>(connection.sql().get_backend())->conn_;
}

// Translates a failed write's stored exception for the waiting caller.
[[noreturn]] void RethrowForCaller(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const domain::Error&) {
        throw;
    } catch (const std::exception& e) {
        RethrowAsDomainError(e);
    }
}

// True when the storage itself failed under a write (an I/O error, a full disk, corruption)
// rather than the write's own logic (a constraint, a domain rule).
bool IsStorageFault(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        const DbFailure failure = ClassifyDbError(e);
        return failure == DbFailure::kIo || failure == DbFailure::kDiskFull;
    } catch (...) {
        return false;
    }
}

// Process-wide SQLite settings, which only take before SQLite is initialised (if something
// initialised it first, the calls fail harmlessly):
// - No memory statistics: SQLite keeps them behind one global mutex taken on every allocation;
//   under concurrent reads that was 8 % of a dashboard page's CPU (bench/README.md). Nothing
//   here reads them.
// - Multi-thread mode instead of serialized: no mutex around every call on a connection (each
//   column read of each row took one). A connection is only ever used by one thread at a time
//   here: readers are leased from the pool, the writer connection belongs to the writer thread.
void ConfigureSqlite() {
    static const int once = (sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD),
                             sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0));
    (void)once;
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, const DatabaseOptions& options)
    : path_(std::move(path)),
      options_(options),
      writer_((ConfigureSqlite(), OpenConnection(false))),
      readers_(static_cast<std::size_t>(options.read_connections),
               [this] { return OpenConnection(true); },
               std::chrono::milliseconds(options.busy_timeout_ms)) {
    readers_.Fill();
    writer_thread_ = std::thread([this] { WriterLoop(); });
}

SqliteDatabase::~SqliteDatabase() { Shutdown(); }

std::unique_ptr<Connection> SqliteDatabase::OpenConnection(bool reader) const {
    const std::filesystem::path file(path_);
    if (!reader && file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    const std::string db = path_.find(' ') == std::string::npos ? path_ : '"' + path_ + '"';
    auto session = std::make_unique<soci::session>(
        *soci::factory_sqlite3(),
        "db=" + db + " timeout=" + std::to_string(options_.busy_timeout_ms / 1000));
    auto connection = std::make_unique<Connection>(std::move(session), Dialect::kSqlite);
    sqlite_api::sqlite3_extended_result_codes(NativeHandle(*connection), 1);
    sqlite_api::sqlite3_busy_timeout(NativeHandle(*connection), options_.busy_timeout_ms);
    if (reader) {
        // The read of the schema opens the WAL and shared-memory files and parses the schema
        // now, not on the connection's first request: the pool hands out the connection
        // returned last, so a spare may first serve a request hours after start, and its
        // descriptors would appear then (docs/reliability.md, S4).
        connection->ExecScript(
            "PRAGMA foreign_keys = ON; PRAGMA query_only = ON; SELECT count(*) FROM sqlite_master;");
        // Off unless asked for (SQLITE_MMAP_MB): docs/operations.md says what it costs.
        if (options_.reader_mmap_bytes > 0) {
            connection->ExecScript("PRAGMA mmap_size = " + std::to_string(options_.reader_mmap_bytes) + ";");
        }
    } else {
        // WAL lets readers run beside the writer; FULL syncs the WAL on every commit, so an
        // acknowledged write survives power loss. Group commit pays for the fsync.
        connection->ExecScript(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
    }
    return connection;
}

void SqliteDatabase::RunRead(platform::FunctionRef<void(Tx&)> fn) {
    auto lease = AcquireReader();
    try {
        lease->ExecKept("BEGIN");
        Tx tx(*lease);
        fn(tx);
        lease->ResetBusyStatements();
        lease->ExecKept("COMMIT");
    } catch (const domain::Error&) {
        lease->ResetBusyStatements();
        lease->ExecScript("ROLLBACK");
        throw;
    } catch (const std::exception& e) {
        lease->ResetStatements();
        try {
            lease->ExecScript("ROLLBACK");
        } catch (const std::exception&) {
            // No transaction left to roll back; the original error is what matters.
        }
        RethrowAsDomainError(e);
    } catch (const WouldBlock&) {
        lease->ResetBusyStatements();
        lease->ExecScript("ROLLBACK");
        throw;
    }
}

ConnectionPool::Lease SqliteDatabase::AcquireReader() {
    if (!NoWait()) return readers_.Acquire();
    auto lease = readers_.TryAcquire();
    if (!lease) throw WouldBlock{};
    return std::move(*lease);
}

void SqliteDatabase::RunWrite(platform::FunctionRef<void(Tx&)> fn) {
    Job job;
    job.write = &fn;
    Submit(job);
    if (job.error) RethrowForCaller(job.error);
}

void SqliteDatabase::RunExclusive(platform::FunctionRef<void(Connection&)> fn) {
    ThrowIfNoWait();
    Job job;
    job.exclusive = &fn;
    Submit(job);
    if (job.error) std::rethrow_exception(job.error);
}

void SqliteDatabase::Submit(Job& job) {
    std::unique_lock lock(mutex_);
    if (stopping_) {
        throw domain::Error(domain::Errc::kUnavailable, "The server is shutting down");
    }
    queue_.push_back(&job);
    wake_.notify_one();
    done_.wait(lock, [&] { return job.done; });
}

void SqliteDatabase::Ping() {
    Read([](Tx& tx) {
        int one = 0;
        tx.sql() << "SELECT 1", soci::into(one);
    });
}

void SqliteDatabase::Shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
}

void SqliteDatabase::WriterLoop() {
    for (;;) {
        std::vector<Job*> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and every queued write is done
            if (queue_.front()->exclusive != nullptr) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            } else {
                while (!queue_.empty() && queue_.front()->exclusive == nullptr &&
                       batch.size() < static_cast<std::size_t>(options_.max_group_commit)) {
                    batch.push_back(queue_.front());
                    queue_.pop_front();
                }
            }
        }
        if (writer_suspect_ && !RenewWriter()) {
            const auto error = std::make_exception_ptr(
                domain::Error(domain::Errc::kUnavailable, "The database cannot be written right now")
                    .WithRetryAfter(5));
            for (Job* job : batch) job->error = error;
            Finish(batch);
            continue;
        }
        if (batch.front()->exclusive != nullptr) {
            try {
                (*batch.front()->exclusive)(*writer_);
            } catch (...) {
                batch.front()->error = std::current_exception();
                writer_->ResetStatements();
                if (IsStorageFault(batch.front()->error)) writer_suspect_ = true;
            }
            Finish(batch);
        } else if (!CommitGroup(batch)) {
            Finish(batch);
        }
    }
}

void SqliteDatabase::Finish(const std::vector<Job*>& jobs) {
    {
        std::lock_guard lock(mutex_);
        for (Job* job : jobs) job->done = true;
    }
    done_.notify_all();
}

bool SqliteDatabase::RenewWriter() {
    try {
        writer_ = OpenConnection(false);
        writer_suspect_ = false;
        spdlog::warn("sqlite: the writer connection was reopened after a storage fault");
        return true;
    } catch (const std::exception& e) {
        spdlog::error("sqlite: reopening the writer connection after a storage fault failed: {}", e.what());
        return false;
    }
}

bool SqliteDatabase::CommitGroup(const std::vector<Job*>& jobs) {
    Connection& conn = *writer_;
    const auto fail_all = [&](const std::exception_ptr& error) {
        for (Job* job : jobs) {
            if (!job->error) job->error = error;
        }
    };
    try {
        conn.ExecScript("BEGIN IMMEDIATE");
    } catch (...) {
        fail_all(std::current_exception());
        if (IsStorageFault(std::current_exception())) writer_suspect_ = true;
        return false;
    }

    // A lone write needs no savepoint: its failure rolls back the whole transaction.
    const bool isolate = jobs.size() > 1;
    std::size_t succeeded = 0;
    for (Job* job : jobs) {
        Tx tx(conn);
        try {
            if (isolate) conn.ExecScript("SAVEPOINT write");
            {
                const WriteScope scope(this, tx);
                (*job->write)(tx);
            }
            if (isolate) conn.ExecScript("RELEASE write");
            ++succeeded;
        } catch (...) {
            job->error = std::current_exception();
            conn.ResetBusyStatements();
            const bool rolled_back = sqlite_api::sqlite3_get_autocommit(NativeHandle(conn)) != 0;
            if (rolled_back || IsStorageFault(job->error)) {
                // The storage failed under this write. If SQLite rolled the whole transaction
                // back itself, the writes before this one are gone too; if not, they ran on
                // storage that just failed. Either way none of the group is acknowledged, and the
                // connection is replaced before the next write: FTS5 keeps pending index data
                // and its index structure in memory, and after an I/O error in the middle of a
                // statement that memory can disagree with the rolled-back pages, which left the
                // search index out of step with the tickets (F7, docs/reliability.md).
                conn.ResetStatements();
                fail_all(job->error);
                if (!rolled_back) {
                    try {
                        conn.ExecScript("ROLLBACK");
                    } catch (...) {
                        conn.ResetStatements();
                    }
                }
                writer_suspect_ = true;
                return false;
            }
            if (!isolate) break;
            try {
                conn.ExecScript("ROLLBACK TO write; RELEASE write");
            } catch (...) {
                fail_all(std::current_exception());
                writer_suspect_ = true;
                try {
                    conn.ExecScript("ROLLBACK");
                } catch (...) {
                    conn.ResetStatements();
                }
                return false;
            }
        }
    }

    conn.ResetBusyStatements();
    if (succeeded == 0) {
        try {
            conn.ExecScript("ROLLBACK");
        } catch (...) {
            conn.ResetStatements();
        }
        return false;
    }
    if (options_.unsafe_ack_before_commit) {
        // Negative control only: acknowledge first, commit later, so a crash in between loses
        // acknowledged writes and the crash-loop test must notice.
        Finish(jobs);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        try {
            conn.ExecScript("COMMIT");
        } catch (const std::exception& e) {
            spdlog::error("unsafe mode: COMMIT after acknowledging failed: {}", e.what());
            conn.ResetStatements();
        }
        return true;  // the jobs belong to their callers again: never touch them here
    }
    try {
        conn.ExecScript("COMMIT");
    } catch (...) {
        const auto error = std::current_exception();
        if (IsStorageFault(error)) writer_suspect_ = true;
        try {
            conn.ExecScript("ROLLBACK");
        } catch (...) {
            conn.ResetStatements();
        }
        fail_all(error);
    }
    return false;
}

}  // namespace ticketing::store
