#include "store/database.hpp"

#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

#include <thread>

namespace ticketing::store {

thread_local Database::Joined Database::joined_write_;
thread_local Database::Joined Database::joined_read_;

Database::WriteScope::WriteScope(const Database* db, Tx& tx) : JoinScope(joined_write_, db, tx) {}

Database::ReadScope::ReadScope(const Database* db, Tx& tx) : JoinScope(joined_read_, db, tx) {}

Tx* Database::ActiveWrite() const { return joined_write_.db == this ? joined_write_.tx : nullptr; }

Tx* Database::ActiveRead() const { return joined_read_.db == this ? joined_read_.tx : nullptr; }

std::unique_ptr<Database> Database::Open(const platform::DatabaseUrl& url,
                                         const DatabaseOptions& options) {
    std::unique_ptr<Database> db;
    switch (url.kind) {
        case platform::DatabaseKind::kSqlite:
            db = std::make_unique<SqliteDatabase>(url.sqlite_path, options);
            break;
        case platform::DatabaseKind::kPostgres:
            db = std::make_unique<PostgresDatabase>(url.postgres_conninfo, options);
            break;
    }
    if (db != nullptr) db->pause_after_commit_ = std::chrono::milliseconds(options.test_pause_after_commit_ms);
    return db;
}

void Database::PauseAfterCommit() const {
    if (pause_after_commit_.count() > 0) std::this_thread::sleep_for(pause_after_commit_);
}

}  // namespace ticketing::store
