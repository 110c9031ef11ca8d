#pragma once

#include <cstdint>
#include <optional>

#include "store/connection.hpp"

namespace ticketing::store {

// Names the data a read transaction sees, so that what was derived from it (a rendered page) can
// be reused while the data stays the same. SQLite only: the session's serial and its pager's data
// version, which SQLite changes whenever the database file changed since the session's last read,
// by a commit on any connection of any process (SQLITE_FCNTL_DATA_VERSION). Equal versions mean
// equal data. Versions are comparable only within one session, so a cache keys on `session`.
struct SnapshotVersion {
    std::uint64_t session = 0;
    std::uint32_t data = 0;
};

// The version of what `tx` reads; nullopt on PostgreSQL, whose snapshots have no such cheap name.
[[nodiscard]] std::optional<SnapshotVersion> ReadSnapshotVersion(Tx& tx);

}  // namespace ticketing::store
