#include "store/migrator.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <span>
#include <thread>

#include "platform/embedded_file.hpp"
#include "store/db_error.hpp"

namespace ticketing::store {

std::span<const EmbeddedFile> SqliteMigrations();    // generated from server/migrations/sqlite
std::span<const EmbeddedFile> PostgresMigrations();  // generated from server/migrations/postgres

namespace {

// An arbitrary constant naming "schema migration" among PostgreSQL advisory locks.
constexpr long long kMigrationLockKey = 7'236'118'001;

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

std::span<const EmbeddedFile> Files(Dialect dialect) {
    switch (dialect) {
        case Dialect::kSqlite:
            return SqliteMigrations();
        case Dialect::kPostgres:
            return PostgresMigrations();
    }
    return {};
}

int VersionOf(std::string_view name) { return std::atoi(std::string(name).c_str()); }

int LatestVersion(Dialect dialect) {
    int latest = 0;
    for (const auto& file : Files(dialect)) latest = std::max(latest, VersionOf(file.name));
    return latest;
}

int CurrentVersion(Connection& conn) {
    int version = 0;
    soci::indicator ind = soci::i_null;
    conn.sql() << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
}

bool TableExists(Connection& conn) {
    int count = 0;
    if (conn.dialect() == Dialect::kSqlite) {
        conn.sql() << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
                      "'schema_migrations'",
            soci::into(count);
    } else {
        conn.sql() << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                      "current_schema() AND table_name = 'schema_migrations'",
            soci::into(count);
    }
    return count > 0;
}

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// How long a migrator waits for another one (on another instance) to finish.
constexpr auto kLockWait = std::chrono::minutes(10);

// Opens the migration transaction holding the migration lock; a second migrator waits here until
// the first commits, then finds nothing left to do. PostgreSQL: a transaction-scoped advisory
// lock (released by COMMIT, ROLLBACK or a lost connection, so it can never leak), and no
// statement or lock timeout for this transaction: an index build may take minutes. SQLite: the
// write lock of BEGIN IMMEDIATE, retried while another process holds it.
void Begin(Connection& conn) {
    if (conn.dialect() == Dialect::kPostgres) {
        conn.ExecScript("BEGIN");
        try {
            conn.ExecScript("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0; "
                            "SELECT pg_advisory_xact_lock(" +
                            std::to_string(kMigrationLockKey) + ")");
        } catch (...) {
            try {
                conn.ExecScript("ROLLBACK");
            } catch (...) {
                conn.CheckHealth();
            }
            throw;
        }
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + kLockWait;
    for (;;) {
        try {
            conn.ExecScript("BEGIN IMMEDIATE");
            return;
        } catch (const std::exception& e) {
            if (ClassifyDbError(e) != DbFailure::kBusy || std::chrono::steady_clock::now() > deadline) {
                throw;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

}  // namespace

std::vector<std::string> Migrator::Apply() {
    std::vector<std::string> applied;
    db_.RunExclusive([&](Connection& conn) {
        Begin(conn);
        try {
            conn.ExecScript(kCreateTable);
            const int current = CurrentVersion(conn);
            for (const auto& file : Files(conn.dialect())) {
                const int version = VersionOf(file.name);
                if (version <= current) continue;
                conn.ExecScript(file.content);
                std::string name(file.name);
                const std::int64_t at = NowMs();
                conn.sql() << "INSERT INTO schema_migrations (version, name, applied_at) "
                              "VALUES (:version, :name, :at)",
                    soci::use(version), soci::use(name), soci::use(at);
                applied.push_back(name);
            }
            conn.ExecScript("COMMIT");
        } catch (...) {
            try {
                conn.ExecScript("ROLLBACK");
            } catch (...) {
                conn.CheckHealth();
            }
            applied.clear();
            throw;
        }
    });
    return applied;
}

MigrationState Migrator::State() {
    MigrationState state;
    state.latest = LatestVersion(db_.dialect());
    db_.Read([&](Tx& tx) {
        if (TableExists(tx.connection())) state.current = CurrentVersion(tx.connection());
    });
    return state;
}

}  // namespace ticketing::store
