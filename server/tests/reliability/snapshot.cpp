#include "snapshot.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <stdexcept>

#include <libpq-fe.h>

namespace ticketing::testing::reliability {
namespace {

std::string Text(const soci::row& row, std::size_t i) {
    return row.get_indicator(i) == soci::i_null ? std::string() : row.get<std::string>(i);
}

}  // namespace

std::unique_ptr<soci::session> OpenSession(const platform::DatabaseUrl& url) {
    if (url.kind == platform::DatabaseKind::kSqlite) {
        return std::make_unique<soci::session>(*soci::factory_sqlite3(),
                                               "db=\"" + url.sqlite_path + "\" timeout=10");
    }
    return std::make_unique<soci::session>(*soci::factory_postgresql(),
                                           PostgresKeywords(url.postgres_conninfo));
}

std::string PostgresKeywords(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
        const std::string why = error != nullptr ? error : "unparsable";
        PQfreemem(error);
        throw std::invalid_argument("bad PostgreSQL URL " + url + ": " + why);
    }
    std::string out;
    for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
        if (o->val == nullptr || *o->val == '\0') continue;
        std::string value;
        for (const char* c = o->val; *c != '\0'; ++c) {
            if (*c == '\'' || *c == '\\') value += '\\';
            value += *c;
        }
        out += std::string(out.empty() ? "" : " ") + o->keyword + "='" + value + "'";
    }
    PQconninfoFree(options);
    return out;
}

Snapshot LoadSnapshot(const platform::DatabaseUrl& url) {
    const auto session = OpenSession(url);
    soci::session& sql = *session;
    Snapshot snap;

    if (url.kind == platform::DatabaseKind::kSqlite) {
        soci::rowset<soci::row> check = (sql.prepare << "PRAGMA integrity_check");
        for (const auto& row : check) {
            const std::string line = Text(row, 0);
            if (line != "ok") snap.integrity_problems.push_back("integrity_check: " + line);
        }
        soci::rowset<soci::row> fk = (sql.prepare << "PRAGMA foreign_key_check");
        for (const auto& row : fk) {
            snap.integrity_problems.push_back("foreign_key_check: a row of " + Text(row, 0) +
                                              " points at a missing " + Text(row, 2));
        }
        // The search index must match the tickets it indexes (FTS5's own check against its
        // external content table; its triggers are rewritten by migration 0005).
        try {
            sql << "INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('integrity-check', 1)";
        } catch (const std::exception& e) {
            snap.search_index_problems.push_back(std::string("tickets_fts integrity-check: ") + e.what());
        }
        // The per-status counters the triggers keep (migration 0004) must equal a real count.
        soci::rowset<soci::row> counts =
            (sql.prepare << "SELECT s.status, CAST(COALESCE(c.n, 0) AS TEXT), CAST(s.real AS TEXT) FROM "
                            "(SELECT status, COUNT(*) AS real FROM tickets GROUP BY status "
                            " UNION SELECT status, 0 FROM ticket_counts WHERE status NOT IN "
                            " (SELECT status FROM tickets)) s "
                            "LEFT JOIN ticket_counts c ON c.status = s.status "
                            "WHERE COALESCE(c.n, 0) <> s.real");
        for (const auto& row : counts) {
            snap.integrity_problems.push_back("ticket_counts: " + Text(row, 0) + " says " + Text(row, 1) +
                                              ", the table has " + Text(row, 2));
        }
    }

    // One read transaction, so the three tables agree with each other.
    soci::transaction tx(sql);
    soci::rowset<soci::row> tickets =
        (sql.prepare
         << "SELECT id, display_id, title, overview, CAST(severity AS TEXT), category_id, "
            "type_id, item_id, CAST(comment_count AS TEXT) FROM tickets");
    for (const auto& row : tickets) {
        snap.tickets.push_back({Text(row, 0), Text(row, 1), Text(row, 2), Text(row, 3),
                                std::stoll(Text(row, 4)), Text(row, 5), Text(row, 6), Text(row, 7),
                                std::stoll(Text(row, 8))});
    }
    soci::rowset<soci::row> comments = (sql.prepare << "SELECT id, ticket_id, body FROM comments");
    for (const auto& row : comments)
        snap.comments.push_back({Text(row, 0), Text(row, 1), Text(row, 2)});
    soci::rowset<soci::row> audit =
        (sql.prepare << "SELECT ticket_id, action, detail FROM audit_log");
    for (const auto& row : audit) {
        AuditRow a{Text(row, 0), Text(row, 1), std::nullopt};
        if (row.get_indicator(2) != soci::i_null) a.detail = row.get<std::string>(2);
        snap.audit.push_back(std::move(a));
    }
    tx.commit();
    return snap;
}

}  // namespace ticketing::testing::reliability
