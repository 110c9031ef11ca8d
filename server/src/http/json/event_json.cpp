#include "http/json/event_json.hpp"

#include "app/outbox_event_sink.hpp"
#include "domain/audit.hpp"
#include "http/json/enums.hpp"
#include "http/json/models.hpp"
#include "http/json/webhook_json.hpp"

namespace ticketing::http::json {
namespace {

// The status before a change, recovered from its STATUS_CHANGED entry ("Open → In Progress"):
// the one `from` whose wording matches, given the status after.
std::optional<domain::Status> PreviousStatus(const app::DomainEvent& event) {
    if (!event.ticket) return std::nullopt;
    const domain::Status to = event.ticket->ticket.status;
    for (const auto& change : event.changes) {
        if (change.action != domain::AuditAction::kStatusChanged || !change.detail) continue;
        for (const domain::Status from : domain::kAllStatuses) {
            if (domain::StatusChangeDetail(from, to) == *change.detail) return from;
        }
    }
    return std::nullopt;
}

}  // namespace

// The wire names are the names the tables store (app/outbox_event_sink.hpp spells them once).
std::string_view EventTypeName(app::EventType type) { return app::EventTypeCode(type); }

std::optional<app::EventType> ParseEventTypeName(std::string_view name) {
    return app::ParseEventTypeCode(name);
}

std::string EventPayload(const app::DomainEvent& event, app::EventType type,
                         const std::string& id) {
    std::string out;
    Writer w(out);
    w.BeginObject();
    w.Key("id").String(id);
    w.Key("type").String(EventTypeName(type));
    w.Key("createdAt").Time(event.at);
    w.Key("ticketId").String(event.ticket_id);
    w.Key("displayId").String(event.ticket_display_id);
    w.Key("actor");
    WriteUserSummary(w, event.actor);
    w.Key("ticket");
    if (event.ticket) {
        WriteTicket(w, *event.ticket);
    } else {
        w.Null();
    }
    if (event.comment) {
        w.Key("comment");
        WriteComment(w, *event.comment);
    }
    if (type == app::EventType::kTicketUpdated || type == app::EventType::kTicketStatusChanged) {
        w.Key("changes").BeginArray();
        for (const auto& change : event.changes) {
            w.BeginObject();
            w.Key("action").String(AuditActionName(change.action));
            w.Key("detail").OptionalString(change.detail);
            w.EndObject();
        }
        w.EndArray();
    }
    if (type == app::EventType::kTicketStatusChanged) {
        w.Key("previousStatus");
        if (const auto previous = PreviousStatus(event)) {
            w.String(StatusName(*previous));
        } else {
            w.Null();
        }
    }
    w.EndObject();
    return out;
}

std::string PingPayload(const app::Webhook& hook, const domain::UserSummary& actor,
                        const std::string& id, std::int64_t at) {
    std::string out;
    Writer w(out);
    w.BeginObject();
    w.Key("id").String(id);
    w.Key("type").String(kPingName);
    w.Key("createdAt").Time(at);
    w.Key("actor");
    WriteUserSummary(w, actor);
    w.Key("webhook");
    WriteWebhook(w, hook);
    w.EndObject();
    return out;
}

}  // namespace ticketing::http::json
