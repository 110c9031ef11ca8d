#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/config.hpp"

namespace soci {
class session;
}

namespace ticketing::testing::reliability {

struct TicketRow {
    std::string id;
    std::string display_id;
    std::string title;
    std::string overview;
    std::int64_t severity = 0;
    std::string category_id;
    std::string type_id;
    std::string item_id;
    std::int64_t comment_count = 0;
};

struct CommentRow {
    std::string id;
    std::string ticket_id;
    std::string body;
};

struct AuditRow {
    std::string ticket_id;
    std::string action;
    std::optional<std::string> detail;
};

// The tables the checker compares, read straight from the database with SOCI (not through the
// server's own store code), plus the database's own consistency verdict.
struct Snapshot {
    std::vector<TicketRow> tickets;
    std::vector<CommentRow> comments;
    std::vector<AuditRow> audit;
    // SQLite: PRAGMA integrity_check and foreign_key_check lines other than "ok".
    std::vector<std::string> integrity_problems;
    // SQLite: the FTS5 search index disagrees with the tickets it indexes (kept apart because
    // random I/O faults can cause it: F7 in docs/reliability.md).
    std::vector<std::string> search_index_problems;
};

[[nodiscard]] Snapshot LoadSnapshot(const platform::DatabaseUrl& url);

// A session of our own on the test's database (SQLite file or PostgreSQL), outside the server.
[[nodiscard]] std::unique_ptr<soci::session> OpenSession(const platform::DatabaseUrl& url);

// libpq's keyword form of a postgres:// URL (SOCI 4.0 cannot take the URL itself).
[[nodiscard]] std::string PostgresKeywords(const std::string& url);

}  // namespace ticketing::testing::reliability
