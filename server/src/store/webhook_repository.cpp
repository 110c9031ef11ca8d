#include "store/webhook_repository.hpp"

#include "store/sql.hpp"
#include "store/webhook_columns.hpp"

namespace ticketing::store {
namespace {

struct InsertWebhook final : PreparedStatement {
    WebhookColumns p;  // bound as the statement's inputs
    Query q;
    InsertWebhook(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(p.id).In(p.url).In(p.secret).In(p.description).In(p.events).In(p.category_id);
        q.In(p.max_severity).In(p.active).In(p.created_by).In(p.created_at).In(p.updated_at);
        q.Prepare(
            "INSERT INTO webhooks (id, url, secret, description, events, category_id, "
            "max_severity, active, created_by_id, created_at, updated_at) VALUES (:id, :url, "
            ":secret, :description, :events, :category_id, :max_severity, :active, :created_by, "
            ":created_at, :updated_at)");
    }
};

struct UpdateWebhook final : PreparedStatement {
    WebhookColumns p;  // bound as the statement's inputs
    Query q;
    UpdateWebhook(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(p.url).In(p.secret).In(p.description).In(p.events).In(p.category_id);
        q.In(p.max_severity).In(p.active).In(p.updated_at).In(p.id);
        q.Prepare(
            "UPDATE webhooks SET url = :url, secret = :secret, description = :description, "
            "events = :events, category_id = :category_id, max_severity = :max_severity, "
            "active = :active, updated_at = :updated_at WHERE id = :id");
    }
};

struct DeleteWebhook final : PreparedStatement {
    std::string id;
    Query q;
    DeleteWebhook(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id);
        q.Prepare("DELETE FROM webhooks WHERE id = :id");
    }
};

struct WebhookById final : PreparedStatement {
    std::string id;
    WebhookColumns row;
    Query q;
    WebhookById(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id);
        row.Bind(q);
        q.Prepare(std::string(kSelectWebhook) + "WHERE id = :id");
    }
};

// key "active": only active subscriptions (what the event sink fans out to).
struct ListWebhooks final : PreparedStatement {
    WebhookColumns row;
    Query q;
    ListWebhooks(soci::session& sql, Dialect d, const std::string& which) : q(sql, d) {
        row.Bind(q);
        q.Prepare(std::string(kSelectWebhook) +
                  std::string(which == "active" ? kActiveWebhooks : "") + "ORDER BY seq");
    }
};

constexpr std::string_view kSelectDelivery =
    "SELECT id, webhook_id, event_id, event_type, payload, redelivery_of, status, attempts, "
    "next_attempt_at, last_attempt_at, last_status_code, last_error, last_duration_ms, "
    "delivered_at, created_at FROM webhook_deliveries ";

struct DeliveryColumns {
    std::string id;
    std::string webhook_id;
    Nullable<std::string> event_id;
    std::string event_type;
    Nullable<std::string> payload;
    Nullable<std::string> redelivery_of;
    std::string status;
    int attempts = 0;
    Nullable<long long> next_attempt_at;
    Nullable<long long> last_attempt_at;
    Nullable<int> last_status_code;
    Nullable<std::string> last_error;
    Nullable<long long> last_duration_ms;
    Nullable<long long> delivered_at;
    long long created_at = 0;

    void Bind(Query& q) {
        q.Out(id).Out(webhook_id).Out(event_id).Out(event_type).Out(payload).Out(redelivery_of);
        q.Out(status).Out(attempts).Out(next_attempt_at).Out(last_attempt_at).Out(last_status_code);
        q.Out(last_error).Out(last_duration_ms).Out(delivered_at).Out(created_at);
    }
    [[nodiscard]] DeliveryRow ToRow() const {
        DeliveryRow r;
        r.id = id;
        r.webhook_id = webhook_id;
        r.event_id = event_id.Get();
        r.event_type = event_type;
        r.payload = payload.Get();
        r.redelivery_of = redelivery_of.Get();
        r.status = status;
        r.attempts = attempts;
        r.next_attempt_at = next_attempt_at.Get();
        r.last_attempt_at = last_attempt_at.Get();
        r.last_status_code = last_status_code.Get();
        r.last_error = last_error.Get();
        r.last_duration_ms = last_duration_ms.Get();
        r.delivered_at = delivered_at.Get();
        r.created_at = created_at;
        return r;
    }
};

struct InsertDelivery final : PreparedStatement {
    std::string id;
    std::string webhook_id;
    Nullable<std::string> event_id;
    std::string event_type;
    Nullable<std::string> payload;
    Nullable<std::string> redelivery_of;
    std::string status;
    Nullable<long long> next_attempt_at;
    long long created_at = 0;
    Query q;
    InsertDelivery(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id).In(webhook_id).In(event_id).In(event_type).In(payload).In(redelivery_of);
        q.In(status).In(next_attempt_at).In(created_at);
        q.Prepare(
            "INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, "
            "redelivery_of, status, next_attempt_at, created_at) VALUES (:id, :webhook_id, "
            ":event_id, :event_type, :payload, :redelivery_of, :status, :next_attempt_at, "
            ":created_at)");
    }
};

struct DeliveryById final : PreparedStatement {
    std::string id;
    DeliveryColumns row;
    Query q;
    DeliveryById(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id);
        row.Bind(q);
        q.Prepare(std::string(kSelectDelivery) + "WHERE id = :id");
    }
};

// key "status": filtered by status.
struct ListDeliveries final : PreparedStatement {
    std::string webhook_id;
    std::string status;
    int limit = 0;
    DeliveryColumns row;
    Query q;
    ListDeliveries(soci::session& sql, Dialect d, const std::string& which) : q(sql, d) {
        const bool by_status = which == "status";
        q.In(webhook_id);
        if (by_status) q.In(status);
        q.In(limit);
        row.Bind(q);
        q.Prepare(std::string(kSelectDelivery) + "WHERE webhook_id = :webhook_id " +
                  (by_status ? "AND status = :status " : "") + "ORDER BY seq DESC LIMIT :limit");
    }
};

struct SelectDue final : PreparedStatement {
    long long now = 0;
    int limit = 0;
    std::string id;
    Query q;
    SelectDue(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(now).In(limit).Out(id);
        q.Prepare(
            std::string("SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = "
                        "d.webhook_id WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now AND "
                        "w.active = 1 ORDER BY d.next_attempt_at, d.seq LIMIT :limit") +
            (d == Dialect::kPostgres ? " FOR UPDATE OF d SKIP LOCKED" : ""));
    }
};

// Re-checks that the row is still due: a runner that read it just before another one claimed
// it (and waited for that claim's row lock) then finds it leased and leaves it.
struct ClaimDelivery final : PreparedStatement {
    long long lease_until = 0;
    std::string token;
    std::string id;
    long long now = 0;
    Query q;
    ClaimDelivery(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(lease_until).In(token).In(id).In(now);
        q.Prepare(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :lease, "
            "claim_token = :token WHERE id = :id AND status = 'PENDING' AND next_attempt_at <= "
            ":now");
    }
};

struct ClaimedById final : PreparedStatement {
    std::string id;
    ClaimedDeliveryRow row;
    Query q;
    ClaimedById(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id);
        q.Out(row.id).Out(row.webhook_id).Out(row.url).Out(row.secret).Out(row.event_type);
        q.Out(row.payload).Out(row.attempts).Out(row.claim_token);
        q.Prepare(
            "SELECT d.id, d.webhook_id, w.url, w.secret, d.event_type, "
            "COALESCE(d.payload, e.payload, ''), d.attempts, d.claim_token "
            "FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
            "LEFT JOIN events e ON e.id = d.event_id WHERE d.id = :id");
    }
};

struct CompleteDelivery final : PreparedStatement {
    std::string status;
    Nullable<long long> next_attempt_at;
    long long attempted_at = 0;
    Nullable<int> status_code;
    Nullable<std::string> error;
    long long duration_ms = 0;
    Nullable<long long> delivered_at;
    std::string id;
    std::string token;
    Query q;
    CompleteDelivery(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(status).In(next_attempt_at).In(attempted_at).In(status_code).In(error);
        q.In(duration_ms).In(delivered_at).In(id).In(token);
        q.Prepare(
            "UPDATE webhook_deliveries SET status = :status, next_attempt_at = :next, "
            "claim_token = NULL, last_attempt_at = :at, last_status_code = :code, "
            "last_error = :error, last_duration_ms = :duration, delivered_at = :delivered "
            "WHERE id = :id AND claim_token = :token");
    }
};

struct PruneDeliveries final : PreparedStatement {
    long long cutoff = 0;
    int limit = 0;
    Query q;
    PruneDeliveries(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(cutoff).In(limit);
        q.Prepare(
            "DELETE FROM webhook_deliveries WHERE seq IN (SELECT seq FROM webhook_deliveries "
            "WHERE created_at < :cutoff AND status <> 'PENDING' ORDER BY seq LIMIT :limit)");
    }
};

}  // namespace

void WebhookRepository::Insert(const WebhookRow& row) {
    auto& s = tx_.connection().Prepared<InsertWebhook>();
    s.p.From(row);
    s.q.Run();
}

bool WebhookRepository::Update(const WebhookRow& row) {
    auto& s = tx_.connection().Prepared<UpdateWebhook>();
    s.p.From(row);
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

bool WebhookRepository::Delete(const std::string& id) {
    auto& s = tx_.connection().Prepared<DeleteWebhook>();
    s.id = id;
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

std::optional<WebhookRow> WebhookRepository::Find(const std::string& id) {
    auto& s = tx_.connection().Prepared<WebhookById>();
    s.id = id;
    if (!s.q.Run()) return std::nullopt;
    return s.row.ToRow();
}

std::vector<WebhookRow> WebhookRepository::List() {
    auto& s = tx_.connection().Prepared<ListWebhooks>("all");
    std::vector<WebhookRow> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToRow());
    return out;
}

std::vector<WebhookRow> WebhookRepository::ListActive() {
    auto& s = tx_.connection().Prepared<ListWebhooks>("active");
    std::vector<WebhookRow> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToRow());
    return out;
}

void DeliveryRepository::Insert(const DeliveryRow& row) {
    auto& s = tx_.connection().Prepared<InsertDelivery>();
    s.id = row.id;
    s.webhook_id = row.webhook_id;
    s.event_id.Set(row.event_id);
    s.event_type = row.event_type;
    s.payload.Set(row.payload);
    s.redelivery_of.Set(row.redelivery_of);
    s.status = row.status;
    s.next_attempt_at.Set(row.next_attempt_at);
    s.created_at = row.created_at;
    s.q.Run();
}

std::optional<DeliveryRow> DeliveryRepository::Find(const std::string& id) {
    auto& s = tx_.connection().Prepared<DeliveryById>();
    s.id = id;
    if (!s.q.Run()) return std::nullopt;
    return s.row.ToRow();
}

std::vector<DeliveryRow> DeliveryRepository::ListForWebhook(
    const std::string& webhook_id, const std::optional<std::string>& status, int limit) {
    auto& s = tx_.connection().Prepared<ListDeliveries>(status ? "status" : "all");
    s.webhook_id = webhook_id;
    s.status = status.value_or("");
    s.limit = limit;
    std::vector<DeliveryRow> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToRow());
    return out;
}

std::vector<ClaimedDeliveryRow> DeliveryRepository::Claim(std::int64_t now_ms,
                                                          std::int64_t lease_until_ms,
                                                          const std::string& token, int limit) {
    auto& due = tx_.connection().Prepared<SelectDue>();
    due.now = now_ms;
    due.limit = limit;
    std::vector<std::string> ids;
    for (bool row = due.q.Execute(); row; row = due.q.Next()) ids.push_back(due.id);

    auto& claim = tx_.connection().Prepared<ClaimDelivery>();
    auto& details = tx_.connection().Prepared<ClaimedById>();
    std::vector<ClaimedDeliveryRow> out;
    for (const auto& id : ids) {
        claim.lease_until = lease_until_ms;
        claim.token = token;
        claim.id = id;
        claim.now = now_ms;
        claim.q.Run();
        if (claim.q.AffectedRows() == 0) continue;
        details.id = id;
        if (details.q.Run()) out.push_back(details.row);
    }
    return out;
}

bool DeliveryRepository::Complete(const std::string& id, const std::string& token,
                                  const DeliveryOutcomeRow& outcome) {
    auto& s = tx_.connection().Prepared<CompleteDelivery>();
    s.status = outcome.status;
    s.next_attempt_at.Set(outcome.next_attempt_at);
    s.attempted_at = outcome.attempted_at;
    s.status_code.Set(outcome.status_code);
    s.error.Set(outcome.error);
    s.duration_ms = outcome.duration_ms;
    s.delivered_at.Set(outcome.delivered_at);
    s.id = id;
    s.token = token;
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

int DeliveryRepository::PruneFinishedBefore(std::int64_t cutoff_ms, int limit) {
    auto& s = tx_.connection().Prepared<PruneDeliveries>();
    s.cutoff = cutoff_ms;
    s.limit = limit;
    s.q.Run();
    return static_cast<int>(s.q.AffectedRows());
}

}  // namespace ticketing::store
