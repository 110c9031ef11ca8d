#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/events.hpp"
#include "app/webhook_service.hpp"
#include "domain/views.hpp"

namespace ticketing::http::json {

// The wire names of event types: ticket.created, ticket.updated, ticket.status_changed,
// ticket.deleted, comment.added, comment.deleted; "ping" for a test delivery.
[[nodiscard]] std::string_view EventTypeName(app::EventType type);
[[nodiscard]] std::optional<app::EventType> ParseEventTypeName(std::string_view name);
inline constexpr std::string_view kPingName = "ping";

// The JSON document an event delivers (webhook body, live-update data), one per event type of
// a change (app::EventSerializer):
// {id, type, createdAt, ticketId, displayId, actor, ticket, comment?, changes?, previousStatus?}.
[[nodiscard]] std::string EventPayload(const app::DomainEvent& event, app::EventType type,
                                       const std::string& id);

// The body of a test delivery (app::PingSerializer): {id, type: "ping", createdAt, actor, webhook}.
[[nodiscard]] std::string PingPayload(const app::Webhook& hook, const domain::UserSummary& actor,
                                      const std::string& id, std::int64_t at);

}  // namespace ticketing::http::json
