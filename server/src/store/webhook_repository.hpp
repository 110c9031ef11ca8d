#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/connection.hpp"

namespace ticketing::store {

// A webhook subscription as stored. `events` holds event type codes separated by spaces; the
// app layer turns it into its types.
struct WebhookRow {
    std::string id;
    std::string url;
    std::string secret;
    std::string description;
    std::string events;
    std::optional<std::string> category_id;
    std::optional<int> max_severity;
    bool active = true;
    std::string created_by;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

// One delivery of one event (or ping) to one subscription, with the outcome of its last attempt.
struct DeliveryRow {
    std::string id;
    std::string webhook_id;
    std::optional<std::string> event_id;
    std::string event_type;
    std::optional<std::string> payload;  // pings only
    std::optional<std::string> redelivery_of;
    std::string status;  // PENDING, DELIVERED, FAILED
    int attempts = 0;
    std::optional<std::int64_t> next_attempt_at;
    std::optional<std::int64_t> last_attempt_at;
    std::optional<int> last_status_code;
    std::optional<std::string> last_error;
    std::optional<std::int64_t> last_duration_ms;
    std::optional<std::int64_t> delivered_at;
    std::int64_t created_at = 0;
};

// A delivery the job has claimed, with everything needed to send it.
struct ClaimedDeliveryRow {
    std::string id;
    std::string webhook_id;
    std::string url;
    std::string secret;
    std::string event_type;
    std::string payload;
    int attempts = 0;  // including the one about to be made
    std::string claim_token;
};

// The outcome of an attempt, as written back.
struct DeliveryOutcomeRow {
    std::string status;
    std::optional<std::int64_t> next_attempt_at;
    std::int64_t attempted_at = 0;
    std::optional<int> status_code;
    std::optional<std::string> error;
    std::int64_t duration_ms = 0;
    std::optional<std::int64_t> delivered_at;
};

class WebhookRepository {
public:
    explicit WebhookRepository(Tx& tx) : tx_(tx) {}

    void Insert(const WebhookRow& row);
    // Writes every mutable field; false if there is no such webhook.
    bool Update(const WebhookRow& row);
    bool Delete(const std::string& id);
    [[nodiscard]] std::optional<WebhookRow> Find(const std::string& id);
    // Oldest first.
    [[nodiscard]] std::vector<WebhookRow> List();
    [[nodiscard]] std::vector<WebhookRow> ListActive();

private:
    Tx& tx_;
};

class DeliveryRepository {
public:
    explicit DeliveryRepository(Tx& tx) : tx_(tx) {}

    void Insert(const DeliveryRow& row);
    [[nodiscard]] std::optional<DeliveryRow> Find(const std::string& id);
    // Newest first, at most `limit`; only those with `status` when given.
    [[nodiscard]] std::vector<DeliveryRow> ListForWebhook(const std::string& webhook_id,
                                                          const std::optional<std::string>& status,
                                                          int limit);
    // Claims up to `limit` PENDING deliveries of active webhooks due at `now_ms`: counts the
    // attempt, moves next_attempt_at to `lease_until_ms` (so a crash mid-attempt only delays a
    // retry) and stamps `token`. Rows another instance holds are skipped (PostgreSQL: FOR
    // UPDATE SKIP LOCKED; SQLite: the single writer).
    [[nodiscard]] std::vector<ClaimedDeliveryRow> Claim(std::int64_t now_ms,
                                                        std::int64_t lease_until_ms,
                                                        const std::string& token, int limit);
    // Records an attempt's outcome if the claim `token` still holds; false otherwise.
    bool Complete(const std::string& id, const std::string& token,
                  const DeliveryOutcomeRow& outcome);
    // Deletes up to `limit` finished deliveries created before `cutoff_ms`; returns how many.
    int PruneFinishedBefore(std::int64_t cutoff_ms, int limit);

private:
    Tx& tx_;
};

}  // namespace ticketing::store
