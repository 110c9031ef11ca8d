#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/connection.hpp"
#include "store/webhook_repository.hpp"

namespace ticketing::store {

// One row of the event log / outbox. `type` is the event type's code (app/outbox_event_sink.hpp
// spells them) and `payload` the JSON document receivers get.
struct EventRow {
    std::int64_t seq = 0;  // assigned by the database on insert
    std::string id;
    std::string type;
    std::string ticket_id;
    std::optional<std::string> category_id;
    std::optional<int> severity;
    std::string payload;
    std::int64_t created_at = 0;
};

class EventRepository {
public:
    explicit EventRepository(Tx& tx) : tx_(tx) {}

    void Insert(const EventRow& row);
    // Inserts `rows` (at least one) in their order and returns the active webhooks in theirs
    // (WebhookRepository::ListActive) as of the insert: on PostgreSQL in one statement, so
    // recording a change costs one round trip instead of three for a status change.
    [[nodiscard]] std::vector<WebhookRow> InsertListingActiveWebhooks(
        const std::vector<EventRow>& rows);
    // Events with seq > `after_seq`, in seq order, at most `limit` (for readers of the log).
    [[nodiscard]] std::vector<EventRow> After(std::int64_t after_seq, int limit);
    // The highest seq written so far (0 for an empty log).
    [[nodiscard]] std::int64_t LastSeq();
    [[nodiscard]] std::optional<EventRow> Find(const std::string& id);
    // Deletes up to `limit` events created before `cutoff_ms` that no PENDING delivery still
    // needs (their finished deliveries go with them); returns how many.
    int PruneBefore(std::int64_t cutoff_ms, int limit);

private:
    Tx& tx_;
};

}  // namespace ticketing::store
