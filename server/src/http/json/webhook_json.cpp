#include "http/json/webhook_json.hpp"

#include <boost/json/value.hpp>

#include <charconv>

#include "domain/errors.hpp"
#include "domain/ticket.hpp"
#include "domain/views.hpp"
#include "domain/webhook.hpp"
#include "http/json/event_json.hpp"
#include "http/json/input.hpp"

namespace ticketing::http::json {
namespace {

namespace bj = boost::json;
using domain::FailField;

std::string_view DeliveryStatusName(app::DeliveryStatus status) {
    switch (status) {
        case app::DeliveryStatus::kPending:
            return "PENDING";
        case app::DeliveryStatus::kDelivered:
            return "DELIVERED";
        case app::DeliveryStatus::kFailed:
            return "FAILED";
    }
    return "PENDING";
}

const bj::value* Member(const bj::value& body, std::string_view key) {
    return body.as_object().if_contains(bj::string_view(key.data(), key.size()));
}

std::vector<app::EventType> EventsField(const bj::value& body) {
    const bj::value* v = Member(body, "events");
    if (!v->is_array()) FailField("events", "must be an array of event types");
    std::vector<app::EventType> out;
    std::size_t index = 0;
    for (const auto& item : v->get_array()) {
        const std::string field = "events[" + std::to_string(index++) + "]";
        if (!item.is_string()) FailField(field, "must be a string");
        const std::string_view name(item.get_string().data(), item.get_string().size());
        const auto type = ParseEventTypeName(name);
        if (!type) {
            FailField(field,
                      "must be ticket.created, ticket.updated, ticket.status_changed, "
                      "ticket.deleted, comment.added or comment.deleted, got '" +
                          std::string(name) + "'");
        }
        out.push_back(*type);
    }
    return out;
}

std::optional<domain::CategoryId> CategoryField(const Fields& f) {
    const auto value = *f.NullableString("categoryId");
    if (!value || value->empty()) return std::nullopt;
    return domain::CategoryId{*value};
}

// Absent → nullopt; null → engaged empty; a number 1-5 → engaged value.
std::optional<std::optional<int>> SeverityField(const bj::value& body, const Fields& f) {
    const bj::value* v = Member(body, "maxSeverity");
    if (v == nullptr) return std::nullopt;
    if (v->is_null()) return std::optional<int>();
    return std::optional<int>(
        static_cast<int>(*f.Integer("maxSeverity", domain::kMinSeverity, domain::kMaxSeverity)));
}

void WriteWebhookFields(Writer& w, const app::Webhook& hook) {
    w.Key("id").String(hook.id);
    w.Key("url").String(hook.url);
    w.Key("description").String(hook.description);
    w.Key("events").BeginArray();
    for (const auto type : hook.events) w.String(EventTypeName(type));
    w.EndArray();
    w.Key("categoryId");
    if (hook.category) {
        w.String(hook.category->value);
    } else {
        w.Null();
    }
    w.Key("maxSeverity");
    if (hook.max_severity) {
        w.Int(*hook.max_severity);
    } else {
        w.Null();
    }
    w.Key("active").Bool(hook.active);
    w.Key("createdAt").Time(hook.created_at);
    w.Key("updatedAt").Time(hook.updated_at);
}

void OptionalInt(Writer& w, const std::optional<std::int64_t>& value) {
    if (value) {
        w.Int(*value);
    } else {
        w.Null();
    }
}

}  // namespace

void WriteWebhook(Writer& w, const app::Webhook& hook) {
    w.BeginObject();
    WriteWebhookFields(w, hook);
    w.EndObject();
}

std::string WebhookWithSecret(const app::Webhook& hook) {
    std::string out;
    Writer w(out);
    w.BeginObject();
    WriteWebhookFields(w, hook);
    w.Key("secret").String(hook.secret);
    w.EndObject();
    return out;
}

void WriteDelivery(Writer& w, const app::WebhookDelivery& d) {
    w.BeginObject();
    w.Key("id").String(d.id);
    w.Key("webhookId").String(d.webhook_id);
    w.Key("eventId").OptionalString(d.event_id);
    w.Key("eventType").String(d.event_type ? EventTypeName(*d.event_type) : kPingName);
    w.Key("status").String(DeliveryStatusName(d.status));
    w.Key("attempts").Int(d.attempts);
    w.Key("maxAttempts").Int(domain::kMaxDeliveryAttempts);
    w.Key("nextAttemptAt")
        .OptionalTime(d.status == app::DeliveryStatus::kPending ? d.next_attempt_at : std::nullopt);
    w.Key("lastAttemptAt").OptionalTime(d.last_attempt_at);
    w.Key("lastStatusCode");
    OptionalInt(
        w, d.last_status_code ? std::optional<std::int64_t>(*d.last_status_code) : std::nullopt);
    w.Key("lastError").OptionalString(d.last_error);
    w.Key("lastDurationMs");
    OptionalInt(w, d.last_duration_ms);
    w.Key("deliveredAt").OptionalTime(d.delivered_at);
    w.Key("redeliveryOf").OptionalString(d.redelivery_of);
    w.Key("createdAt").Time(d.created_at);
    w.EndObject();
}

app::NewWebhook ReadNewWebhook(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(
        value, {"url", "secret", "description", "events", "categoryId", "maxSeverity", "active"});
    app::NewWebhook hook;
    hook.url = f.RequiredString("url");
    hook.secret = f.String("secret");
    hook.description = f.String("description").value_or("");
    if (!f.Has("events")) FailField("events", "is required (a list of event types)");
    hook.events = EventsField(value);
    if (f.Has("categoryId")) hook.category = CategoryField(f);
    if (const auto severity = SeverityField(value, f)) hook.max_severity = *severity;
    hook.active = f.Bool("active").value_or(true);
    return hook;
}

app::WebhookPatch ReadWebhookPatch(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(
        value, {"url", "secret", "description", "events", "categoryId", "maxSeverity", "active"});
    app::WebhookPatch patch;
    patch.url = f.String("url");
    patch.secret = f.String("secret");
    patch.description = f.String("description");
    if (f.Has("events")) patch.events = EventsField(value);
    if (f.Has("categoryId")) {
        patch.category =
            std::optional<std::optional<domain::CategoryId>>(std::in_place, CategoryField(f));
    }
    patch.max_severity = SeverityField(value, f);
    patch.active = f.Bool("active");
    return patch;
}

app::DeliveryQuery ReadDeliveryQuery(const RequestContext& ctx) {
    app::DeliveryQuery query;
    if (const auto status = ctx.Query("status")) {
        for (const auto candidate : {app::DeliveryStatus::kPending, app::DeliveryStatus::kDelivered,
                                     app::DeliveryStatus::kFailed}) {
            if (DeliveryStatusName(candidate) == *status) query.status = candidate;
        }
        if (!query.status) {
            FailField("status", "must be PENDING, DELIVERED or FAILED, got '" + *status + "'");
        }
    }
    if (const auto limit = ctx.Query("limit")) {
        int value = 0;
        const auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
        if (ec != std::errc() || ptr != limit->data() + limit->size() || value < 1 ||
            value > domain::kMaxPageSize) {
            FailField("limit", "must be a whole number 1-" + std::to_string(domain::kMaxPageSize) +
                                   ", got '" + *limit + "'");
        }
        query.limit = value;
    }
    return query;
}

}  // namespace ticketing::http::json
