#include "app/outbox_event_sink.hpp"

#include <algorithm>

#include "app/webhook_service.hpp"
#include "platform/random.hpp"
#include "store/event_repository.hpp"
#include "store/webhook_repository.hpp"

namespace ticketing::app {

std::string_view EventTypeCode(EventType type) {
    switch (type) {
        case EventType::kTicketCreated:
            return "ticket.created";
        case EventType::kTicketUpdated:
            return "ticket.updated";
        case EventType::kTicketStatusChanged:
            return "ticket.status_changed";
        case EventType::kTicketDeleted:
            return "ticket.deleted";
        case EventType::kCommentAdded:
            return "comment.added";
        case EventType::kCommentDeleted:
            return "comment.deleted";
    }
    return "ticket.updated";
}

std::optional<EventType> ParseEventTypeCode(std::string_view code) {
    for (const EventType type : kAllEventTypes) {
        if (EventTypeCode(type) == code) return type;
    }
    return std::nullopt;
}

std::vector<EventType> TypesOf(const DomainEvent& event) {
    std::vector<EventType> types{event.type};
    const bool status_changed =
        std::any_of(event.changes.begin(), event.changes.end(), [](const domain::AuditEntry& e) {
            return e.action == domain::AuditAction::kStatusChanged;
        });
    if (event.type == EventType::kTicketUpdated && status_changed) {
        types.push_back(EventType::kTicketStatusChanged);
    }
    return types;
}

void OutboxEventSink::Record(store::Tx& tx, const DomainEvent& event) {
    store::EventRepository events(tx);
    store::DeliveryRepository deliveries(tx);
    const std::optional<std::string> category =
        event.ticket ? std::optional(event.ticket->ticket.cti.category.value) : std::nullopt;
    const std::optional<int> severity =
        event.ticket ? std::optional(event.ticket->ticket.severity) : std::nullopt;

    const std::vector<EventType> types = TypesOf(event);
    std::vector<store::EventRow> rows;
    for (const EventType type : types) {
        store::EventRow& row = rows.emplace_back();
        row.id = platform::NewId(event.at);
        row.type = std::string(EventTypeCode(type));
        row.ticket_id = event.ticket_id;
        row.category_id = category;
        row.severity = severity;
        row.payload = serializer_(event, type, row.id);
        row.created_at = event.at;
    }
    // The event rows bring the webhooks back with them (on PostgreSQL one round trip for all).
    std::vector<Webhook> hooks;
    for (const auto& hook : events.InsertListingActiveWebhooks(rows)) {
        hooks.push_back(WebhookFromRow(hook));
    }

    bool queued = false;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::EventRow& row = rows[i];
        for (const auto& hook : hooks) {
            if (!Subscribes(hook, types[i], category, severity)) continue;
            store::DeliveryRow delivery;
            delivery.id = platform::NewId(event.at);
            delivery.webhook_id = hook.id;
            delivery.event_id = row.id;
            delivery.event_type = row.type;
            delivery.status = std::string(kPendingCode);
            delivery.next_attempt_at = event.at;
            delivery.created_at = event.at;
            deliveries.Insert(delivery);
            queued = true;
        }
    }
    if (queued && on_commit_) tx.OnCommit(on_commit_);
    if (on_event_) tx.OnCommit(on_event_);
}

}  // namespace ticketing::app
