#include "store/ticket_repository.hpp"

#include <algorithm>
#include <string>

#include "domain/display_id.hpp"
#include "store/audit_repository.hpp"
#include "store/codes.hpp"
#include "store/comment_repository.hpp"
#include "store/sql.hpp"

namespace ticketing::store {
namespace {

using domain::Ticket;
using domain::TicketView;

constexpr std::string_view kTicketColumns =
    "t.seq, t.id, t.display_id, t.title, t.overview, t.severity, t.status, t.category_id, "
    "t.type_id, t.item_id, t.assignee_id, t.created_by_id, t.resolved_at, t.comment_count, "
    "t.version, t.created_at, t.updated_at";

// A ticket's view: its row `t` with the names its JSON carries, read from `source` (the table, or
// the RETURNING of a statement that changed the row).
constexpr std::string_view kViewColumns =
    "SELECT t.seq, t.id, t.display_id, t.title, t.overview, t.severity, t.status, t.category_id, "
    "t.type_id, t.item_id, t.assignee_id, t.created_by_id, t.resolved_at, t.comment_count, "
    "t.version, t.created_at, t.updated_at, "
    "c.name, c.created_at, ty.name, ty.category_id, ty.created_at, i.name, i.type_id, "
    "i.created_at, a.username, a.display_name, u.username, u.display_name ";
constexpr std::string_view kViewJoins =
    "JOIN categories c ON c.id = t.category_id "
    "JOIN types ty ON ty.id = t.type_id "
    "JOIN items i ON i.id = t.item_id "
    "LEFT JOIN users a ON a.id = t.assignee_id "
    "JOIN users u ON u.id = t.created_by_id ";

// The same names for a statement that reads one ticket, on PostgreSQL. Its planner joins a
// single row to the small tables above by hashing each of them whole, which is cheap on paper
// and is not: it builds five hash tables per execution (bench/README.md, 2026-12-06: the
// statement of a comment 8 % faster this way). A lateral look-up per table is a nested loop
// that reads one row of each, by its index once the table is large enough to have one worth
// using. Lists keep the joins: for many rows, hashing the small tables is the right plan.
constexpr std::string_view kOneViewJoinsPostgres =
    "CROSS JOIN LATERAL (SELECT name, created_at FROM categories WHERE id = t.category_id "
    "LIMIT 1) c "
    "CROSS JOIN LATERAL (SELECT name, category_id, created_at FROM types WHERE id = t.type_id "
    "LIMIT 1) ty "
    "CROSS JOIN LATERAL (SELECT name, type_id, created_at FROM items WHERE id = t.item_id "
    "LIMIT 1) i "
    "LEFT JOIN LATERAL (SELECT username, display_name FROM users WHERE id = t.assignee_id "
    "LIMIT 1) a ON TRUE "
    "CROSS JOIN LATERAL (SELECT username, display_name FROM users WHERE id = t.created_by_id "
    "LIMIT 1) u ";

std::string SelectViewFrom(std::string_view source) {
    return std::string(kViewColumns) + "FROM " + std::string(source) + " t " +
           std::string(kViewJoins);
}

// SelectViewFrom for a statement whose `source` gives at most one row.
std::string SelectOneViewFrom(std::string_view source, Dialect d) {
    return std::string(kViewColumns) + "FROM " + std::string(source) + " t " +
           std::string(d == Dialect::kPostgres ? kOneViewJoinsPostgres : kViewJoins);
}

// FindView's statement: one ticket's view by `condition` (ViewCondition).
std::string FindViewText(Dialect d, const std::string& condition) {
    return SelectOneViewFrom("tickets", d) + "WHERE " + condition;
}

// PostgreSQL: count the comment, insert it and read the view, in one statement. The UPDATE locks
// the row as FOR UPDATE would; with no such ticket nothing is written and no row comes back.
constexpr std::string_view kCommentOn =
    "WITH changed AS (UPDATE tickets SET comment_count = comment_count + 1 WHERE {key} = :key "
    "RETURNING *), "
    "added AS (INSERT INTO comments (id, ticket_id, author_id, body, created_at, updated_at) "
    "SELECT :id, changed.id, :author_id, :body, :created_at, :updated_at FROM changed), "
    "audited AS (INSERT INTO audit_log (id, ticket_id, user_id, action, detail, created_at) "
    "SELECT :audit_id, changed.id, :audit_user, :audit_action, :audit_detail, :audit_at "
    "FROM changed) ";

std::string CommentOnSql(const std::string& key_column, Dialect d) {
    std::string text(kCommentOn);
    text.replace(text.find("{key}"), 5, key_column);
    return text + SelectOneViewFrom("changed", d);
}

constexpr std::string_view kOrder = " ORDER BY t.severity, t.created_at DESC, t.seq DESC";

struct TicketColumns {
    long long seq = 0;
    std::string id;
    std::string display_id;
    std::string title;
    std::string overview;
    int severity = 0;
    std::string status;
    std::string category_id;
    std::string type_id;
    std::string item_id;
    Nullable<std::string> assignee_id;
    std::string created_by_id;
    Nullable<long long> resolved_at;
    long long comment_count = 0;
    long long version = 0;
    long long created_at = 0;
    long long updated_at = 0;

    void Bind(Query& q) {
        q.Out(seq).Out(id).Out(display_id).Out(title).Out(overview).Out(severity).Out(status);
        q.Out(category_id).Out(type_id).Out(item_id).Out(assignee_id).Out(created_by_id);
        q.Out(resolved_at).Out(comment_count).Out(version).Out(created_at).Out(updated_at);
    }

    [[nodiscard]] Ticket ToTicket() const {
        Ticket t;
        t.id = {id};
        t.display_id = display_id;
        t.title = title;
        t.overview = overview;
        t.severity = severity;
        t.status = ParseStatusCode(status);
        t.cti = {{category_id}, {type_id}, {item_id}};
        if (const auto a = assignee_id.Get()) t.assignee = domain::UserId{*a};
        t.created_by = {created_by_id};
        t.resolved_at = resolved_at.Get();
        t.created_at = created_at;
        t.updated_at = updated_at;
        t.version = version;
        return t;
    }
};

struct ViewColumns {
    TicketColumns t;
    std::string category_name;
    long long category_created_at = 0;
    std::string type_name;
    std::string type_category_id;
    long long type_created_at = 0;
    std::string item_name;
    std::string item_type_id;
    long long item_created_at = 0;
    Nullable<std::string> assignee_username;
    Nullable<std::string> assignee_display_name;
    std::string creator_username;
    std::string creator_display_name;

    void Bind(Query& q) {
        t.Bind(q);
        q.Out(category_name).Out(category_created_at).Out(type_name).Out(type_category_id);
        q.Out(type_created_at).Out(item_name).Out(item_type_id).Out(item_created_at);
        q.Out(assignee_username).Out(assignee_display_name).Out(creator_username);
        q.Out(creator_display_name);
    }

    [[nodiscard]] TicketView ToView() const {
        TicketView v;
        v.ticket = t.ToTicket();
        v.category = {{t.category_id}, category_name, category_created_at};
        v.type = {{t.type_id}, type_name, {type_category_id}, type_created_at};
        v.item = {{t.item_id}, item_name, {item_type_id}, item_created_at};
        if (v.ticket.assignee) {
            v.assignee = domain::UserSummary{*v.ticket.assignee, assignee_username.value,
                                             assignee_display_name.value};
        }
        v.created_by = {v.ticket.created_by, creator_username, creator_display_name};
        v.comment_count = t.comment_count;
        v.seq = t.seq;
        return v;
    }
};

// The view of one ticket; `condition` is the rest of the statement after WHERE, with `:key`.
struct FindViewBy final : PreparedStatement {
    std::string key;
    ViewColumns row;
    Query q;
    FindViewBy(soci::session& sql, Dialect d, const std::string& condition) : q(sql, d) {
        q.In(key);
        row.Bind(q);
        q.Prepare(FindViewText(d, condition));
    }
};

std::string KeyColumn(const std::string& key) {
    return domain::IsDisplayId(key) ? "display_id" : "id";
}

// The view's condition by id or display id, built once: FindView's lookup of its prepared
// statement by this text then costs no allocation.
const std::string& ViewCondition(bool by_display_id) {
    static const std::string display_id = "t.display_id = :key";
    static const std::string id = "t.id = :key";
    return by_display_id ? display_id : id;
}

const std::string& ViewCondition(const std::string& key) { return ViewCondition(domain::IsDisplayId(key)); }

struct CommentOnTicket final : PreparedStatement {
    std::string key;
    std::string id;
    std::string author_id;
    std::string body;
    long long created_at = 0;
    long long updated_at = 0;
    // The audit row's values, bound again in placeholder order (each placeholder is bound once).
    std::string audit_id;
    std::string audit_user;
    std::string audit_action;
    std::string audit_detail;
    long long audit_at = 0;
    ViewColumns row;
    Query q;
    CommentOnTicket(soci::session& sql, Dialect d, const std::string& key_column) : q(sql, d) {
        q.In(key).In(id).In(author_id).In(body).In(created_at).In(updated_at);
        q.In(audit_id).In(audit_user).In(audit_action).In(audit_detail).In(audit_at);
        row.Bind(q);
        q.Prepare(CommentOnSql(key_column, d));
    }
};

// Filter parameters, bound only for the conditions present (the variant key says which).
struct FilterParams {
    std::string status;
    int severity = 0;
    std::string category;
    std::string assignee;
    std::string search;
    int cursor_severity = 0;
    int cursor_severity2 = 0;
    long long cursor_created = 0;
    long long cursor_created2 = 0;
    long long cursor_seq = 0;
    int limit = 0;
    long long offset = 0;
};

struct Variant {
    bool status = false;
    bool severity = false;
    bool category = false;
    bool assignee = false;
    bool search = false;
    bool cursor = false;
    bool paged = false;

    [[nodiscard]] std::string Key() const {
        std::string k;
        for (const bool b : {status, severity, category, assignee, search, cursor, paged}) {
            k += b ? '1' : '0';
        }
        return k;
    }
    static Variant FromKey(const std::string& k) {
        return {k[0] == '1', k[1] == '1', k[2] == '1', k[3] == '1',
                k[4] == '1', k[5] == '1', k[6] == '1'};
    }
};

std::string SearchCondition(Dialect d) {
    if (d == Dialect::kSqlite) {
        return "t.seq IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH :search)";
    }
    // The matches as an array computed once (an InitPlan), not a seventh relation for the
    // planner: as `IN (SELECT …)` every execution was planned afresh, in about 10 ms.
    return "t.seq = ANY (ARRAY(SELECT ticket_seq FROM ticket_search WHERE doc ILIKE :search))";
}

// Appends the WHERE clause and binds its parameters in placeholder order.
std::string BuildWhere(const Variant& v, Dialect d, Query& q, FilterParams& p) {
    std::string where;
    const auto add = [&](const std::string& condition) {
        where += where.empty() ? " WHERE " : " AND ";
        where += condition;
    };
    if (v.status) {
        add("t.status = :status");
        q.In(p.status);
    }
    if (v.severity) {
        add("t.severity = :severity");
        q.In(p.severity);
    }
    if (v.category) {
        add("t.category_id = :category");
        q.In(p.category);
    }
    if (v.assignee) {
        add("t.assignee_id = :assignee");
        q.In(p.assignee);
    }
    if (v.search) {
        add(SearchCondition(d));
        q.In(p.search);
    }
    if (v.cursor) {
        add("(t.severity > :cs OR (t.severity = :cs2 AND (t.created_at < :cc OR "
            "(t.created_at = :cc2 AND t.seq < :cq))))");
        q.In(p.cursor_severity).In(p.cursor_severity2).In(p.cursor_created);
        q.In(p.cursor_created2).In(p.cursor_seq);
    }
    return where;
}

struct ListTickets final : PreparedStatement {
    FilterParams p;
    ViewColumns row;
    Query q;
    ListTickets(soci::session& sql, Dialect d, const std::string& key) : q(sql, d) {
        const Variant v = Variant::FromKey(key);
        row.Bind(q);
        std::string text = SelectViewFrom("tickets") + BuildWhere(v, d, q, p) + std::string(kOrder);
        if (v.paged) {
            text += " LIMIT :limit OFFSET :offset";
            q.In(p.limit).In(p.offset);
        }
        q.Prepare(text);
    }
};

struct CountTickets final : PreparedStatement {
    FilterParams p;
    long long count = 0;
    Query q;
    CountTickets(soci::session& sql, Dialect d, const std::string& key) : q(sql, d) {
        const Variant v = Variant::FromKey(key);
        q.Out(count);
        q.Prepare("SELECT COUNT(*) FROM tickets t" + BuildWhere(v, d, q, p));
    }
};

// Trigram FTS5 matches a quoted phrase as a substring (case-insensitive); quotes are doubled.
std::string FtsPhrase(const std::string& term) {
    std::string out = "\"";
    for (const char c : term) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

// ILIKE pattern for a literal substring: %, _ and \ in the term match only themselves.
std::string LikeContains(const std::string& term) {
    std::string out = "%";
    for (const char c : term) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    out += '%';
    return out;
}

Variant VariantFor(const domain::TicketFilter& f, bool cursor, bool paged) {
    return {f.status.has_value(), f.severity.has_value(), f.category.has_value(),
            f.assignee.has_value(), f.search.has_value(), cursor, paged};
}

void SetFilter(FilterParams& p, const domain::TicketFilter& f, Dialect d) {
    if (f.status) p.status = std::string(StatusCode(*f.status));
    if (f.severity) p.severity = *f.severity;
    if (f.category) p.category = f.category->value;
    if (f.assignee) p.assignee = f.assignee->value;
    if (f.search) p.search = d == Dialect::kSqlite ? FtsPhrase(*f.search) : LikeContains(*f.search);
}

struct TicketParams {
    std::string id;
    std::string display_id;
    std::string title;
    std::string overview;
    int severity = 0;
    std::string status;
    std::string category_id;
    std::string type_id;
    std::string item_id;
    Nullable<std::string> assignee_id;
    std::string created_by_id;
    Nullable<long long> resolved_at;
    long long version = 0;
    long long created_at = 0;
    long long updated_at = 0;
    long long expected_version = 0;

    void From(const Ticket& t) {
        id = t.id.value;
        display_id = t.display_id;
        title = t.title;
        overview = t.overview;
        severity = t.severity;
        status = std::string(StatusCode(t.status));
        category_id = t.cti.category.value;
        type_id = t.cti.type.value;
        item_id = t.cti.item.value;
        assignee_id.Set(t.assignee ? std::optional<std::string>(t.assignee->value) : std::nullopt);
        created_by_id = t.created_by.value;
        resolved_at.Set(t.resolved_at ? std::optional<long long>(*t.resolved_at) : std::nullopt);
        version = t.version;
        created_at = t.created_at;
        updated_at = t.updated_at;
    }
};

// Returns the new row's seq, or no row when the display id is taken (both dialects). On
// PostgreSQL the same statement writes the search row and the CREATED audit row.
struct InsertTicket final : PreparedStatement {
    TicketParams p;
    std::string audit_id;
    std::string audit_action;
    long long seq = 0;
    Query q;
    InsertTicket(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(p.id).In(p.display_id).In(p.title).In(p.overview).In(p.severity).In(p.status);
        q.In(p.category_id).In(p.type_id).In(p.item_id).In(p.assignee_id).In(p.created_by_id);
        q.In(p.resolved_at).In(p.version).In(p.created_at).In(p.updated_at);
        if (d == Dialect::kPostgres) q.In(audit_id).In(audit_action);
        q.Out(seq);
        const std::string insert =
            "INSERT INTO tickets (id, display_id, title, overview, severity, status, category_id, "
            "type_id, item_id, assignee_id, created_by_id, resolved_at, version, created_at, "
            "updated_at) VALUES (:id, :display_id, :title, :overview, :severity, :status, "
            ":category_id, :type_id, :item_id, :assignee_id, :created_by_id, :resolved_at, "
            ":version, :created_at, :updated_at) "
            "ON CONFLICT (display_id) DO NOTHING RETURNING seq";
        if (d == Dialect::kSqlite) {
            q.Prepare(insert);  // the FTS5 row comes from the schema's trigger
            return;
        }
        // PostgreSQL: the search row (migration postgres/0007) and the audit row in the same
        // statement; a taken display id inserts neither.
        q.Prepare("WITH t AS (" + insert + ", id, title, overview, display_id, created_by_id, "
                  "created_at), "
                  "s AS (INSERT INTO ticket_search (ticket_seq, doc) "
                  "SELECT seq, title || E'\\n' || overview || E'\\n' || display_id FROM t "
                  "ON CONFLICT (ticket_seq) DO NOTHING), "
                  "a AS (INSERT INTO audit_log (id, ticket_id, user_id, action, detail, created_at) "
                  "SELECT :audit_id, id, created_by_id, :audit_action, NULL, created_at FROM t) "
                  "SELECT seq FROM t");
    }
};

struct UpdateTicket final : PreparedStatement {
    TicketParams p;
    Query q;
    UpdateTicket(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(p.title).In(p.overview).In(p.severity).In(p.status).In(p.category_id).In(p.type_id);
        q.In(p.item_id).In(p.assignee_id).In(p.resolved_at).In(p.version).In(p.updated_at);
        q.In(p.id).In(p.expected_version);
        q.Prepare(
            "UPDATE tickets SET title = :title, overview = :overview, severity = :severity, "
            "status = :status, category_id = :category_id, type_id = :type_id, item_id = :item_id, "
            "assignee_id = :assignee_id, resolved_at = :resolved_at, version = :version, "
            "updated_at = :updated_at WHERE id = :id AND version = :expected_version");
    }
};

struct TextCommand final : PreparedStatement {
    std::string key;
    long long count = 0;
    Query q;
    TextCommand(soci::session& sql, Dialect d, const std::string& text) : q(sql, d) {
        q.In(key);
        if (text.rfind("SELECT", 0) == 0) q.Out(count);
        q.Prepare(text);
    }
};

// SQLite: tickets per status from the counter table the triggers of migration 0004 keep.
struct CountByStatusRow final : PreparedStatement {
    std::string status;
    long long count = 0;
    Query q;
    CountByStatusRow(soci::session& sql, Dialect d, const std::string& which) : q(sql, d) {
        if (which == "one") {
            q.In(status).Out(count);
            q.Prepare("SELECT COALESCE(SUM(n), 0) FROM ticket_counts WHERE status = :status");
        } else {
            q.Out(count);
            q.Prepare("SELECT COALESCE(SUM(n), 0) FROM ticket_counts");
        }
    }
};

struct AdjustComments final : PreparedStatement {
    int delta = 0;
    std::string id;
    Query q;
    AdjustComments(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(delta).In(id);
        q.Prepare("UPDATE tickets SET comment_count = comment_count + :delta WHERE id = :id");
    }
};

struct SelectCore final : PreparedStatement {
    std::string key;
    long long cutoff = 0;
    int limit = 0;
    TicketColumns row;
    Query q;
    SelectCore(soci::session& sql, Dialect d, const std::string& which) : q(sql, d) {
        row.Bind(q);
        const std::string select = "SELECT " + std::string(kTicketColumns) + " FROM tickets t ";
        if (which == "due") {
            q.In(cutoff).In(limit);
            q.Prepare(select +
                      "WHERE t.status = 'RESOLVED' AND t.resolved_at <= :cutoff "
                      "ORDER BY t.resolved_at LIMIT :limit");
        } else {
            q.In(key);
            q.Prepare(select + "WHERE t.assignee_id = :assignee AND t.status <> 'CLOSED'");
        }
    }
};

}  // namespace

std::string TicketRepository::FindViewSql(Dialect d) {
    return FindViewText(d, ViewCondition(true));
}

std::string TicketRepository::AddCommentSql() { return CommentOnSql("display_id", Dialect::kPostgres); }

std::optional<TicketView> TicketRepository::FindView(const std::string& key) {
    auto& s = tx_.connection().Prepared<FindViewBy>(ViewCondition(key));
    s.key = key;
    if (!s.q.Run()) return std::nullopt;
    return s.row.ToView();
}

std::optional<TicketView> TicketRepository::FindViewForUpdate(const std::string& key) {
    // PostgreSQL: lock the row so concurrent writers to one ticket queue instead of racing.
    // SQLite has one writer, so every write transaction is already serialised.
    const char* lock = tx_.dialect() == Dialect::kPostgres ? " FOR UPDATE OF t" : "";
    auto& s = tx_.connection().Prepared<FindViewBy>(ViewCondition(key) + lock);
    s.key = key;
    if (!s.q.Run()) return std::nullopt;
    return s.row.ToView();
}

std::vector<TicketView> TicketRepository::List(const domain::TicketFilter& filter,
                                               const domain::PageRequest& page) {
    const bool cursor = page.after.has_value();
    const Variant v = VariantFor(filter, cursor, true);
    auto& s = tx_.connection().Prepared<ListTickets>(v.Key());
    SetFilter(s.p, filter, tx_.dialect());
    if (cursor) {
        s.p.cursor_severity = page.after->severity;
        s.p.cursor_severity2 = page.after->severity;
        s.p.cursor_created = page.after->created_at;
        s.p.cursor_created2 = page.after->created_at;
        s.p.cursor_seq = page.after->seq;
    }
    s.p.limit = page.limit;
    s.p.offset = cursor ? 0 : page.offset;
    std::vector<TicketView> out;
    // A whole list asks for thousands and may get a handful: reserve a batch at most.
    out.reserve(std::min<std::size_t>(static_cast<std::size_t>(page.limit), 512));
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToView());
    return out;
}

std::int64_t TicketRepository::Count(const domain::TicketFilter& filter) {
    const bool by_status_only = filter.StatusOnly();
    if (by_status_only && tx_.dialect() == Dialect::kSqlite) {
        auto& s = tx_.connection().Prepared<CountByStatusRow>(filter.status ? "one" : "all");
        if (filter.status) s.status = std::string(StatusCode(*filter.status));
        s.q.Run();
        return s.count;
    }
    const Variant v = VariantFor(filter, false, false);
    auto& s = tx_.connection().Prepared<CountTickets>(v.Key());
    SetFilter(s.p, filter, tx_.dialect());
    s.q.Run();
    return s.count;
}

std::optional<std::int64_t> TicketRepository::Insert(const Ticket& ticket,
                                                     const std::string& audit_id) {
    const domain::AuditAction action = domain::AuditAction::kCreated;
    auto& s = tx_.connection().Prepared<InsertTicket>();
    s.p.From(ticket);
    s.audit_id = audit_id;
    s.audit_action = std::string(AuditActionCode(action));
    if (!s.q.Run()) return std::nullopt;
    if (tx_.dialect() == Dialect::kSqlite) {  // one statement more, but no round trip
        AuditRepository(tx_).Insert(
            {audit_id, ticket.id, ticket.created_by, {action, std::nullopt}, ticket.created_at});
    }
    return s.seq;
}

bool TicketRepository::Update(const Ticket& ticket, std::int64_t expected_version) {
    auto& s = tx_.connection().Prepared<UpdateTicket>();
    s.p.From(ticket);
    s.p.expected_version = expected_version;
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

bool TicketRepository::Delete(const domain::TicketId& id) {
    auto& s = tx_.connection().Prepared<TextCommand>("DELETE FROM tickets WHERE id = :id");
    s.key = id.value;
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

std::optional<TicketView> TicketRepository::AddComment(const std::string& key,
                                                       domain::Comment& comment,
                                                       const std::string& audit_id) {
    const domain::AuditAction action = domain::AuditAction::kCommentAdded;
    if (tx_.dialect() == Dialect::kPostgres) {
        auto& s = tx_.connection().Prepared<CommentOnTicket>(KeyColumn(key));
        s.key = key;
        s.id = comment.id.value;
        s.author_id = comment.author_id.value;
        s.body = comment.body;
        s.created_at = comment.created_at;
        s.updated_at = comment.updated_at;
        s.audit_id = audit_id;
        s.audit_user = comment.author_id.value;
        s.audit_action = std::string(AuditActionCode(action));
        s.audit_detail = comment.body;
        s.audit_at = comment.created_at;
        if (!s.q.Run()) return std::nullopt;
        comment.ticket_id = {s.row.t.id};
        return s.row.ToView();
    }
    // SQLite: four statements in process (one writer, so nothing to lock).
    auto view = FindView(key);
    if (!view) return std::nullopt;
    comment.ticket_id = view->ticket.id;
    CommentRepository(tx_).Insert(comment);
    AdjustCommentCount(view->ticket.id, +1);
    AuditRepository(tx_).Insert(
        {audit_id, view->ticket.id, comment.author_id, {action, comment.body}, comment.created_at});
    ++view->comment_count;  // what the row now holds, without reading it again
    return view;
}

void TicketRepository::AdjustCommentCount(const domain::TicketId& id, int delta) {
    auto& s = tx_.connection().Prepared<AdjustComments>();
    s.delta = delta;
    s.id = id.value;
    s.q.Run();
}

std::vector<Ticket> TicketRepository::DueForAutoClose(std::int64_t cutoff_ms, int limit) {
    auto& s = tx_.connection().Prepared<SelectCore>("due");
    s.cutoff = cutoff_ms;
    s.limit = limit;
    std::vector<Ticket> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToTicket());
    return out;
}

std::vector<Ticket> TicketRepository::OpenAssignedTo(const domain::UserId& user) {
    auto& s = tx_.connection().Prepared<SelectCore>("assigned");
    s.key = user.value;
    std::vector<Ticket> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToTicket());
    return out;
}

}  // namespace ticketing::store
