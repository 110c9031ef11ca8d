#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/views.hpp"
#include "store/connection.hpp"

namespace ticketing::app {

enum class EventType {
    kTicketCreated,
    kTicketUpdated,
    kTicketStatusChanged,
    kTicketDeleted,
    kCommentAdded,
    kCommentDeleted,
};

// A change worth announcing (webhooks, live updates). Recorded inside the transaction that
// makes the change, so an event exists if and only if its change committed.
struct DomainEvent {
    EventType type = EventType::kTicketCreated;
    std::string ticket_id;
    std::string ticket_display_id;
    std::optional<domain::TicketView> ticket;    // state after the change (absent when deleted)
    std::optional<domain::CommentView> comment;  // comment events
    std::vector<domain::AuditEntry> changes;     // ticket.updated: what changed
    domain::UserSummary actor;
    std::int64_t at = 0;
};

class EventSink {
public:
    virtual ~EventSink() = default;
    // Called inside the write transaction `tx`.
    virtual void Record(store::Tx& tx, const DomainEvent& event) = 0;
};

// For commands and tests that announce nothing.
class NullEventSink final : public EventSink {
public:
    void Record(store::Tx& /*tx*/, const DomainEvent& /*event*/) override {}
};

}  // namespace ticketing::app
