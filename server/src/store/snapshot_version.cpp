#include "store/snapshot_version.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include "store/sql.hpp"

namespace ticketing::store {
namespace {

// SQLite: a one-row read, because the data version is only current once the transaction has read
// the database. PostgreSQL: the snapshot this statement runs with.
struct SnapshotProbe final : PreparedStatement {
    long long one = 0;
    std::string snapshot;
    Query q;
    SnapshotProbe(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        if (d == Dialect::kSqlite) {
            q.Out(one);
            q.Prepare("SELECT 1 FROM ticket_counts LIMIT 1");
        } else {
            q.Out(snapshot);
            q.Prepare(kCurrentSnapshotSql);
        }
    }
};

}  // namespace

std::optional<std::string> QuerySnapshot(Tx& tx) {
    auto& probe = tx.connection().Prepared<SnapshotProbe>();
    if (!probe.q.Run() || probe.snapshot.empty()) return std::nullopt;
    return probe.snapshot;
}

std::optional<SnapshotVersion> ReadSnapshotVersion(Tx& tx) {
    if (tx.dialect() == Dialect::kPostgres) {
        if (tx.noted_snapshot()) return SnapshotVersion{0, *tx.noted_snapshot()};
        auto snapshot = QuerySnapshot(tx);
        if (!snapshot) return std::nullopt;
        return SnapshotVersion{0, std::move(*snapshot)};
    }
    auto& probe = tx.connection().Prepared<SnapshotProbe>();
    probe.q.Run();
    auto* backend = static_cast<soci::sqlite3_session_backend*>(tx.sql().get_backend());
    unsigned int data = 0;
    if (sqlite_api::sqlite3_file_control(backend->conn_, "main", SQLITE_FCNTL_DATA_VERSION, &data) !=
        SQLITE_OK) {
        return std::nullopt;
    }
    return SnapshotVersion{tx.connection().serial(), std::to_string(data)};
}

}  // namespace ticketing::store
