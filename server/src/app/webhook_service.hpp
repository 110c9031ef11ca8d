#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "app/events.hpp"
#include "domain/actor.hpp"
#include "domain/ids.hpp"
#include "domain/views.hpp"
#include "store/webhook_repository.hpp"

namespace ticketing::app {

// An outbound webhook subscription. `events` is never empty; the filters narrow it down: only
// tickets in `category`, only tickets at `max_severity` or more severe (SEV 1 is the most).
struct Webhook {
    std::string id;
    std::string url;
    std::string secret;
    std::string description;
    std::vector<EventType> events;
    std::optional<domain::CategoryId> category;
    std::optional<int> max_severity;
    bool active = true;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct NewWebhook {
    std::string url;
    std::optional<std::string> secret;  // generated when absent
    std::string description;
    std::vector<EventType> events;
    std::optional<domain::CategoryId> category;
    std::optional<int> max_severity;
    bool active = true;
};

// Each engaged field was present in the request; an engaged empty inner optional clears a filter.
struct WebhookPatch {
    std::optional<std::string> url;
    std::optional<std::string> secret;
    std::optional<std::string> description;
    std::optional<std::vector<EventType>> events;
    std::optional<std::optional<domain::CategoryId>> category;
    std::optional<std::optional<int>> max_severity;
    std::optional<bool> active;
};

enum class DeliveryStatus { kPending, kDelivered, kFailed };

// How delivery statuses are spelled in webhook_deliveries.status.
[[nodiscard]] std::string_view DeliveryStatusCode(DeliveryStatus status);
inline constexpr std::string_view kPendingCode = "PENDING";

struct WebhookDelivery {
    std::string id;
    std::string webhook_id;
    std::optional<std::string> event_id;  // absent for a ping
    std::optional<EventType> event_type;  // absent for a ping
    std::optional<std::string> redelivery_of;
    DeliveryStatus status = DeliveryStatus::kPending;
    int attempts = 0;
    std::optional<std::int64_t> next_attempt_at;
    std::optional<std::int64_t> last_attempt_at;
    std::optional<int> last_status_code;
    std::optional<std::string> last_error;
    std::optional<std::int64_t> last_duration_ms;
    std::optional<std::int64_t> delivered_at;
    std::int64_t created_at = 0;
};

struct DeliveryQuery {
    std::optional<DeliveryStatus> status;
    int limit = 50;
};

// The body of a ping (POST /api/webhooks/:id/test); written in http/json/ like event payloads.
using PingSerializer = std::function<std::string(
    const Webhook& hook, const domain::UserSummary& actor, const std::string& id, std::int64_t at)>;

[[nodiscard]] Webhook WebhookFromRow(const store::WebhookRow& row);
// True if the subscription wants an event of `type` about a ticket in `category` at `severity`.
[[nodiscard]] bool Subscribes(const Webhook& hook, EventType type,
                              const std::optional<std::string>& category,
                              std::optional<int> severity);

// Admin management of webhooks and their delivery log. Every write is one transaction; pings
// and redeliveries are queued as deliveries (the job sends them) and wake the job on commit.
class WebhookService {
public:
    WebhookService(AppContext ctx, PingSerializer ping, std::function<void()> wake)
        : ctx_(ctx), ping_(std::move(ping)), wake_(std::move(wake)) {}

    [[nodiscard]] std::vector<Webhook> List(const domain::Actor& actor);
    [[nodiscard]] Webhook Get(const domain::Actor& actor, const std::string& id);
    // The result carries the secret (given or generated): the one response that shows it.
    Webhook Create(const domain::Actor& actor, const NewWebhook& command);
    Webhook Update(const domain::Actor& actor, const std::string& id, const WebhookPatch& patch);
    // Its deliveries, pending ones included, go with it.
    void Delete(const domain::Actor& actor, const std::string& id);

    WebhookDelivery Ping(const domain::Actor& actor, const std::string& id);
    [[nodiscard]] std::vector<WebhookDelivery> Deliveries(const domain::Actor& actor,
                                                          const std::string& id,
                                                          const DeliveryQuery& query);
    // Queues the delivery's event (or ping) again as a new delivery.
    WebhookDelivery Redeliver(const domain::Actor& actor, const std::string& id,
                              const std::string& delivery_id);

private:
    AppContext ctx_;
    PingSerializer ping_;
    std::function<void()> wake_;
};

// A delivery the job has claimed and now sends.
struct ClaimedDelivery {
    std::string id;
    std::string webhook_id;
    std::string url;
    std::string secret;
    std::optional<EventType> event_type;  // absent for a ping
    std::string payload;
    int attempt = 0;  // 1 for the first
    std::string claim_token;
};

struct AttemptResult {
    bool delivered = false;  // a 2xx answer
    std::optional<int> status_code;
    std::optional<std::string> error;
    std::int64_t duration_ms = 0;
};

struct CompletedAttempt {
    ClaimedDelivery delivery;
    AttemptResult result;
};

// The delivery job's side of the outbox.
class WebhookOutbox {
public:
    explicit WebhookOutbox(AppContext ctx) : ctx_(ctx) {}

    // Claims up to `limit` due deliveries for `lease_ms`: another instance (or this one after a
    // restart) retries a claimed delivery only once the lease has run out.
    [[nodiscard]] std::vector<ClaimedDelivery> Claim(int limit, std::int64_t lease_ms);
    // Records each outcome: DELIVERED, PENDING with the backoff delay, or FAILED after the last
    // attempt.
    void Complete(std::span<const CompletedAttempt> attempts);
    // Deletes finished deliveries and events older than `max_age_ms`; returns how many rows.
    int Prune(std::int64_t max_age_ms);

private:
    AppContext ctx_;
};

}  // namespace ticketing::app
