#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/events.hpp"

namespace ticketing::app {

inline constexpr EventType kAllEventTypes[] = {
    EventType::kTicketCreated, EventType::kTicketUpdated, EventType::kTicketStatusChanged,
    EventType::kTicketDeleted, EventType::kCommentAdded,  EventType::kCommentDeleted,
};

// How event types are spelled in the events, webhooks and webhook_deliveries tables. They match
// the wire names (ticket.created, …) by choice, so the tables read like the API.
[[nodiscard]] std::string_view EventTypeCode(EventType type);
[[nodiscard]] std::optional<EventType> ParseEventTypeCode(std::string_view code);
// The code a ping delivery carries in webhook_deliveries.event_type.
inline constexpr std::string_view kPingCode = "ping";

// The types one change announces: a status change is both ticket.updated and
// ticket.status_changed.
[[nodiscard]] std::vector<EventType> TypesOf(const DomainEvent& event);

// Produces the JSON document receivers get for one event type of a change; written in
// http/json/ and injected at wiring time, so app/ stays free of JSON.
using EventSerializer =
    std::function<std::string(const DomainEvent& event, EventType type, const std::string& id)>;

// The transactional outbox: writes each event (its row in `events`, and one PENDING delivery
// per matching active webhook) inside the transaction of the change, so an event exists if and
// only if its change committed, and survives a crash between the commit and its delivery.
class OutboxEventSink final : public EventSink {
public:
    // `on_commit` runs after a transaction that queued deliveries commits (wakes the job);
    // `on_event` after any transaction that wrote events commits (wakes the live feed).
    OutboxEventSink(EventSerializer serializer, std::function<void()> on_commit,
                    std::function<void()> on_event = {})
        : serializer_(std::move(serializer)),
          on_commit_(std::move(on_commit)),
          on_event_(std::move(on_event)) {}

    void Record(store::Tx& tx, const DomainEvent& event) override;

private:
    EventSerializer serializer_;
    std::function<void()> on_commit_;
    std::function<void()> on_event_;
};

}  // namespace ticketing::app
