#include "store/snapshot_version.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include "store/sql.hpp"

namespace ticketing::store {
namespace {

// A one-row read: the data version is only current once the transaction has read the database.
struct TouchDatabase final : PreparedStatement {
    long long one = 0;
    Query q;
    TouchDatabase(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.Out(one);
        q.Prepare("SELECT 1 FROM ticket_counts LIMIT 1");
    }
};

}  // namespace

std::optional<SnapshotVersion> ReadSnapshotVersion(Tx& tx) {
    if (tx.dialect() != Dialect::kSqlite) return std::nullopt;
    tx.connection().Prepared<TouchDatabase>().q.Run();
    auto* backend = static_cast<soci::sqlite3_session_backend*>(tx.sql().get_backend());
    unsigned int data = 0;
    if (sqlite_api::sqlite3_file_control(backend->conn_, "main", SQLITE_FCNTL_DATA_VERSION, &data) !=
        SQLITE_OK) {
        return std::nullopt;
    }
    return SnapshotVersion{tx.connection().serial(), data};
}

}  // namespace ticketing::store
