#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/connection.hpp"

namespace ticketing::store {

// Names the data a read sees, so that what was derived from it (a rendered page) can be reused
// while the data stays the same: equal versions mean equal data.
// - SQLite: the session's serial and its pager's data version, which SQLite changes whenever the
//   database file changed since the session's last read, by a commit on any connection of any
//   process (SQLITE_FCNTL_DATA_VERSION). Comparable only within one session.
// - PostgreSQL: the text of the statement's snapshot (`pg_current_snapshot()`: xmin, xmax and the
//   transactions in progress). Two equal snapshots see the same set of committed transactions,
//   and a commit changes every later snapshot, so the text names the data for every session of
//   every instance (`session` is 0). Only transactions that write get an id, so reads alone
//   leave it unchanged.
struct SnapshotVersion {
    std::uint64_t session = 0;
    std::string data;
};

// The version of what `tx` reads (on PostgreSQL, where each read statement takes a new snapshot,
// the version of a snapshot no newer than the next statement's: the one an earlier statement
// noted with Tx::NoteSnapshot if there is one, else that of a query of its own). nullopt if it
// cannot be read.
[[nodiscard]] std::optional<SnapshotVersion> ReadSnapshotVersion(Tx& tx);

// PostgreSQL: the statement that reads the server's current snapshot as text (also sent by
// store::SnapshotFeed, on a libpq connection of its own).
inline constexpr const char* kCurrentSnapshotSql = "SELECT pg_current_snapshot()::text";

// PostgreSQL: the snapshot a query sent now runs with (`pg_current_snapshot()` as text), whatever
// the transaction noted before; nullopt if it cannot be read.
[[nodiscard]] std::optional<std::string> QuerySnapshot(Tx& tx);

}  // namespace ticketing::store
