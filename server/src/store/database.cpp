#include "store/database.hpp"

#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

#include <thread>

namespace ticketing::store {
namespace {

thread_local const Database* t_write_db = nullptr;
thread_local Tx* t_write_tx = nullptr;
thread_local const Database* t_read_db = nullptr;
thread_local Tx* t_read_tx = nullptr;

}  // namespace

Database::WriteScope::WriteScope(const Database* db, Tx& tx)
    : previous_db_(t_write_db), previous_tx_(t_write_tx) {
    t_write_db = db;
    t_write_tx = &tx;
}

Database::WriteScope::~WriteScope() {
    t_write_db = previous_db_;
    t_write_tx = previous_tx_;
}

Tx* Database::ActiveWrite() const { return t_write_db == this ? t_write_tx : nullptr; }

Database::ReadScope::ReadScope(const Database* db, Tx& tx)
    : previous_db_(t_read_db), previous_tx_(t_read_tx) {
    t_read_db = db;
    t_read_tx = &tx;
}

Database::ReadScope::~ReadScope() {
    t_read_db = previous_db_;
    t_read_tx = previous_tx_;
}

Tx* Database::ActiveRead() const { return t_read_db == this ? t_read_tx : nullptr; }

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
