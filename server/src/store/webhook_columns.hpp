#pragma once

// The columns of a webhook row as the store reads (Bind) and writes them (From): shared by the
// webhook repository and by the event insert that lists the active webhooks in the same
// statement (event_repository.cpp).
#include <string>
#include <string_view>

#include "store/sql.hpp"
#include "store/webhook_repository.hpp"

namespace ticketing::store {

inline constexpr std::string_view kSelectWebhook =
    "SELECT id, url, secret, description, events, category_id, max_severity, active, "
    "created_by_id, created_at, updated_at FROM webhooks ";
inline constexpr std::string_view kActiveWebhooks = "WHERE active = 1 ";

struct WebhookColumns {
    std::string id;
    std::string url;
    std::string secret;
    std::string description;
    std::string events;
    Nullable<std::string> category_id;
    Nullable<int> max_severity;
    int active = 1;
    std::string created_by;
    long long created_at = 0;
    long long updated_at = 0;

    void Bind(Query& q) {
        q.Out(id).Out(url).Out(secret).Out(description).Out(events).Out(category_id);
        q.Out(max_severity).Out(active).Out(created_by).Out(created_at).Out(updated_at);
    }
    void From(const WebhookRow& row) {
        id = row.id;
        url = row.url;
        secret = row.secret;
        description = row.description;
        events = row.events;
        category_id.Set(row.category_id);
        max_severity.Set(row.max_severity);
        active = row.active ? 1 : 0;
        created_by = row.created_by;
        created_at = row.created_at;
        updated_at = row.updated_at;
    }
    [[nodiscard]] WebhookRow ToRow() const {
        return {id,
                url,
                secret,
                description,
                events,
                category_id.Get(),
                max_severity.Get(),
                active != 0,
                created_by,
                created_at,
                updated_at};
    }
};

}  // namespace ticketing::store
