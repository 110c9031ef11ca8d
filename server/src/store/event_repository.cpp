#include "store/event_repository.hpp"

#include "store/sql.hpp"
#include "store/webhook_columns.hpp"

namespace ticketing::store {
namespace {

constexpr std::string_view kSelectEvent =
    "SELECT seq, id, type, ticket_id, category_id, severity, payload, created_at FROM events ";

struct EventColumns {
    long long seq = 0;
    std::string id;
    std::string type;
    std::string ticket_id;
    Nullable<std::string> category_id;
    Nullable<int> severity;
    std::string payload;
    long long created_at = 0;

    void Bind(Query& q) {
        q.Out(seq).Out(id).Out(type).Out(ticket_id).Out(category_id).Out(severity).Out(payload);
        q.Out(created_at);
    }
    [[nodiscard]] EventRow ToRow() const {
        return {seq, id, type, ticket_id, category_id.Get(), severity.Get(), payload, created_at};
    }
    void From(const EventRow& row) {  // as an insert's inputs (seq is the database's to give)
        id = row.id;
        type = row.type;
        ticket_id = row.ticket_id;
        category_id.Set(row.category_id);
        severity.Set(row.severity);
        payload = row.payload;
        created_at = row.created_at;
    }
};

// One INSERT of as many events as the variant's leading number (a change records one or two).
// Variant "N+webhooks" (PostgreSQL) also reads the active webhooks, in the same statement: a
// data-modifying WITH runs whether or not the query reads it, and the SELECT sees what one sent
// after the INSERT would. Rows get their seq in the order given.
struct InsertEvents final : PreparedStatement {
    std::vector<EventColumns> rows;  // sized once: the statement is bound to its elements
    WebhookColumns hook;
    Query q;
    InsertEvents(soci::session& sql, Dialect d, const std::string& variant)
        : rows(static_cast<std::size_t>(std::stoi(variant))), q(sql, d) {
        std::string insert =
            "INSERT INTO events (id, type, ticket_id, category_id, severity, payload, created_at) "
            "VALUES ";
        for (std::size_t i = 0; i < rows.size(); ++i) {
            EventColumns& r = rows[i];
            q.In(r.id).In(r.type).In(r.ticket_id).In(r.category_id).In(r.severity).In(r.payload);
            q.In(r.created_at);
            const std::string n = std::to_string(i);
            insert += (i == 0 ? "(" : ", (") + (":id" + n) + ", :type" + n + ", :ticket_id" + n +
                      ", :category_id" + n + ", :severity" + n + ", :payload" + n +
                      ", :created_at" + n + ")";
        }
        if (variant.find("+webhooks") == std::string::npos) {
            q.Prepare(insert);
            return;
        }
        hook.Bind(q);
        q.Prepare("WITH inserted AS (" + insert + ") " + std::string(kSelectWebhook) +
                  std::string(kActiveWebhooks) + "ORDER BY seq");
    }
};

struct EventsAfter final : PreparedStatement {
    long long after = 0;
    int limit = 0;
    EventColumns row;
    Query q;
    EventsAfter(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(after).In(limit);
        row.Bind(q);
        q.Prepare(std::string(kSelectEvent) + "WHERE seq > :after ORDER BY seq LIMIT :limit");
    }
};

struct EventById final : PreparedStatement {
    std::string id;
    EventColumns row;
    Query q;
    EventById(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id);
        row.Bind(q);
        q.Prepare(std::string(kSelectEvent) + "WHERE id = :id");
    }
};

struct LastEventSeq final : PreparedStatement {
    long long seq = 0;
    Query q;
    LastEventSeq(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.Out(seq);
        q.Prepare("SELECT COALESCE(MAX(seq), 0) FROM events");
    }
};

struct PruneEvents final : PreparedStatement {
    long long cutoff = 0;
    int limit = 0;
    Query q;
    PruneEvents(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(cutoff).In(limit);
        q.Prepare(
            "DELETE FROM events WHERE seq IN (SELECT e.seq FROM events e WHERE e.created_at < "
            ":cutoff AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id "
            "AND d.status = 'PENDING') ORDER BY e.seq LIMIT :limit)");
    }
};

}  // namespace

void EventRepository::Insert(const EventRow& row) {
    auto& s = tx_.connection().Prepared<InsertEvents>("1");
    s.rows[0].From(row);
    s.q.Run();
    tx_.MarkEventsRecorded();  // other instances' feeds hear of it after the commit
}

std::vector<WebhookRow> EventRepository::InsertListingActiveWebhooks(
    const std::vector<EventRow>& rows) {
    if (tx_.dialect() != Dialect::kPostgres) {
        // In process on SQLite: separate statements cost no round trip.
        for (const auto& row : rows) Insert(row);
        return WebhookRepository(tx_).ListActive();
    }
    auto& s = tx_.connection().Prepared<InsertEvents>(std::to_string(rows.size()) + "+webhooks");
    for (std::size_t i = 0; i < rows.size(); ++i) s.rows[i].From(rows[i]);
    std::vector<WebhookRow> hooks;
    for (bool more = s.q.Execute(); more; more = s.q.Next()) hooks.push_back(s.hook.ToRow());
    tx_.MarkEventsRecorded();
    return hooks;
}

std::vector<EventRow> EventRepository::After(std::int64_t after_seq, int limit) {
    auto& s = tx_.connection().Prepared<EventsAfter>();
    s.after = after_seq;
    s.limit = limit;
    std::vector<EventRow> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToRow());
    return out;
}

std::int64_t EventRepository::LastSeq() {
    auto& s = tx_.connection().Prepared<LastEventSeq>();
    if (!s.q.Run()) return 0;
    return s.seq;
}

std::optional<EventRow> EventRepository::Find(const std::string& id) {
    auto& s = tx_.connection().Prepared<EventById>();
    s.id = id;
    if (!s.q.Run()) return std::nullopt;
    return s.row.ToRow();
}

int EventRepository::PruneBefore(std::int64_t cutoff_ms, int limit) {
    auto& s = tx_.connection().Prepared<PruneEvents>();
    s.cutoff = cutoff_ms;
    s.limit = limit;
    s.q.Run();
    return static_cast<int>(s.q.AffectedRows());
}

}  // namespace ticketing::store
