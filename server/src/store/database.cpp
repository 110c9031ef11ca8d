#include "store/database.hpp"

#include "store/postgres_database.hpp"
#include "store/sqlite_database.hpp"

namespace ticketing::store {

std::unique_ptr<Database> Database::Open(const platform::DatabaseUrl& url,
                                         const DatabaseOptions& options) {
    switch (url.kind) {
        case platform::DatabaseKind::kSqlite:
            return std::make_unique<SqliteDatabase>(url.sqlite_path, options);
        case platform::DatabaseKind::kPostgres:
            return std::make_unique<PostgresDatabase>(url.postgres_conninfo, options);
    }
    return nullptr;
}

}  // namespace ticketing::store
