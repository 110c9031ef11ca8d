#include "app/webhook_service.hpp"

#include <algorithm>

#include "app/outbox_event_sink.hpp"
#include "domain/errors.hpp"
#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "domain/ticket.hpp"
#include "domain/webhook.hpp"
#include "platform/random.hpp"
#include "store/cti_repository.hpp"
#include "store/event_repository.hpp"

namespace ticketing::app {
namespace {

using domain::Errc;
using domain::Error;
using domain::FailField;

constexpr domain::TextRule kDescriptionRule{domain::kMaxWebhookDescriptionLength, false, true};
constexpr int kPruneBatch = 1000;

Error WebhookNotFound(const std::string& id) {
    return Error(Errc::kNotFound, "Webhook not found: '" + id + "'");
}

std::string ValidUrl(const std::string& url) {
    const std::string trimmed(domain::Trim(url));
    (void)domain::ParseWebhookUrl(trimmed);
    return trimmed;
}

std::string ValidSecret(const std::string& secret) {
    const bool printable =
        std::all_of(secret.begin(), secret.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (secret.size() < domain::kMinWebhookSecretLength ||
        secret.size() > domain::kMaxWebhookSecretLength || !printable) {
        FailField("secret", "must be " + std::to_string(domain::kMinWebhookSecretLength) + "-" +
                                std::to_string(domain::kMaxWebhookSecretLength) +
                                " printable ASCII characters without spaces");
    }
    return secret;
}

std::string NewSecret() { return "whsec_" + platform::RandomBase36(40); }

// Unique, in the canonical order; at least one.
std::vector<EventType> ValidEvents(const std::vector<EventType>& events) {
    std::vector<EventType> out;
    for (const EventType type : kAllEventTypes) {
        if (std::find(events.begin(), events.end(), type) != events.end()) out.push_back(type);
    }
    if (out.empty()) FailField("events", "must name at least one event type");
    return out;
}

void CheckCategory(store::Tx& tx, const std::optional<domain::CategoryId>& category) {
    if (category && !store::CtiRepository(tx).FindCategory(*category)) {
        FailField("categoryId", "does not name a category: '" + category->value + "'");
    }
}

void CheckSeverity(const std::optional<int>& severity) {
    if (severity && !domain::IsValidSeverity(*severity)) {
        FailField("maxSeverity", "must be 1-5, got " + std::to_string(*severity));
    }
}

std::string EventCodes(const std::vector<EventType>& events) {
    std::string out;
    for (const EventType type : events) {
        if (!out.empty()) out += ' ';
        out += EventTypeCode(type);
    }
    return out;
}

store::WebhookRow ToRow(const Webhook& hook, const std::string& created_by) {
    store::WebhookRow row;
    row.id = hook.id;
    row.url = hook.url;
    row.secret = hook.secret;
    row.description = hook.description;
    row.events = EventCodes(hook.events);
    if (hook.category) row.category_id = hook.category->value;
    row.max_severity = hook.max_severity;
    row.active = hook.active;
    row.created_by = created_by;
    row.created_at = hook.created_at;
    row.updated_at = hook.updated_at;
    return row;
}

DeliveryStatus ParseDeliveryStatusCode(std::string_view code) {
    if (code == DeliveryStatusCode(DeliveryStatus::kDelivered)) return DeliveryStatus::kDelivered;
    if (code == DeliveryStatusCode(DeliveryStatus::kFailed)) return DeliveryStatus::kFailed;
    return DeliveryStatus::kPending;
}

WebhookDelivery FromRow(const store::DeliveryRow& row) {
    WebhookDelivery d;
    d.id = row.id;
    d.webhook_id = row.webhook_id;
    d.event_id = row.event_id;
    d.event_type = ParseEventTypeCode(row.event_type);
    d.redelivery_of = row.redelivery_of;
    d.status = ParseDeliveryStatusCode(row.status);
    d.attempts = row.attempts;
    d.next_attempt_at = row.next_attempt_at;
    d.last_attempt_at = row.last_attempt_at;
    d.last_status_code = row.last_status_code;
    d.last_error = row.last_error;
    d.last_duration_ms = row.last_duration_ms;
    d.delivered_at = row.delivered_at;
    d.created_at = row.created_at;
    return d;
}

store::WebhookRow LoadRow(store::Tx& tx, const std::string& id) {
    auto row = store::WebhookRepository(tx).Find(id);
    if (!row) throw WebhookNotFound(id);
    return *row;
}

}  // namespace

std::string_view DeliveryStatusCode(DeliveryStatus status) {
    switch (status) {
        case DeliveryStatus::kPending:
            return kPendingCode;
        case DeliveryStatus::kDelivered:
            return "DELIVERED";
        case DeliveryStatus::kFailed:
            return "FAILED";
    }
    return kPendingCode;
}

Webhook WebhookFromRow(const store::WebhookRow& row) {
    Webhook hook;
    hook.id = row.id;
    hook.url = row.url;
    hook.secret = row.secret;
    hook.description = row.description;
    std::string_view codes = row.events;
    while (!codes.empty()) {
        const auto space = codes.find(' ');
        // A code this version does not know (written by a newer one) is skipped.
        if (const auto type = ParseEventTypeCode(codes.substr(0, space)))
            hook.events.push_back(*type);
        codes = space == std::string_view::npos ? std::string_view() : codes.substr(space + 1);
    }
    if (row.category_id) hook.category = domain::CategoryId{*row.category_id};
    hook.max_severity = row.max_severity;
    hook.active = row.active;
    hook.created_at = row.created_at;
    hook.updated_at = row.updated_at;
    return hook;
}

bool Subscribes(const Webhook& hook, EventType type, const std::optional<std::string>& category,
                std::optional<int> severity) {
    if (std::find(hook.events.begin(), hook.events.end(), type) == hook.events.end()) return false;
    if (hook.category && (!category || *category != hook.category->value)) return false;
    if (hook.max_severity && (!severity || *severity > *hook.max_severity)) return false;
    return true;
}

std::vector<Webhook> WebhookService::List(const domain::Actor& actor) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    return ctx_.db.Read([&](store::Tx& tx) {
        std::vector<Webhook> out;
        for (const auto& row : store::WebhookRepository(tx).List())
            out.push_back(WebhookFromRow(row));
        return out;
    });
}

Webhook WebhookService::Get(const domain::Actor& actor, const std::string& id) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    return ctx_.db.Read([&](store::Tx& tx) { return WebhookFromRow(LoadRow(tx, id)); });
}

Webhook WebhookService::Create(const domain::Actor& actor, const NewWebhook& command) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    Webhook hook;
    hook.url = ValidUrl(command.url);
    hook.secret = command.secret ? ValidSecret(*command.secret) : NewSecret();
    hook.description = domain::ValidateText("description", command.description, kDescriptionRule);
    hook.events = ValidEvents(command.events);
    hook.category = command.category;
    CheckSeverity(command.max_severity);
    hook.max_severity = command.max_severity;
    hook.active = command.active;
    const std::int64_t now = ctx_.clock.NowMs();
    hook.id = platform::NewId(now);
    hook.created_at = now;
    hook.updated_at = now;
    ctx_.db.Write([&](store::Tx& tx) {
        CheckCategory(tx, hook.category);
        store::WebhookRepository(tx).Insert(ToRow(hook, actor.id.value));
    });
    return hook;
}

Webhook WebhookService::Update(const domain::Actor& actor, const std::string& id,
                               const WebhookPatch& patch) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    const auto url = patch.url ? std::optional(ValidUrl(*patch.url)) : std::nullopt;
    const auto secret = patch.secret ? std::optional(ValidSecret(*patch.secret)) : std::nullopt;
    const auto description = patch.description
                                 ? std::optional(domain::ValidateText(
                                       "description", *patch.description, kDescriptionRule))
                                 : std::nullopt;
    const auto events = patch.events ? std::optional(ValidEvents(*patch.events)) : std::nullopt;
    if (patch.max_severity) CheckSeverity(*patch.max_severity);
    const std::int64_t now = ctx_.clock.NowMs();
    return ctx_.db.Write([&](store::Tx& tx) {
        const store::WebhookRow row = LoadRow(tx, id);
        Webhook hook = WebhookFromRow(row);
        if (url) hook.url = *url;
        if (secret) hook.secret = *secret;
        if (description) hook.description = *description;
        if (events) hook.events = *events;
        if (patch.category) {
            CheckCategory(tx, *patch.category);
            hook.category = *patch.category;
        }
        if (patch.max_severity) hook.max_severity = *patch.max_severity;
        if (patch.active) hook.active = *patch.active;
        hook.updated_at = now;
        if (!store::WebhookRepository(tx).Update(ToRow(hook, row.created_by)))
            throw WebhookNotFound(id);
        return hook;
    });
}

void WebhookService::Delete(const domain::Actor& actor, const std::string& id) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    ctx_.db.Write([&](store::Tx& tx) {
        if (!store::WebhookRepository(tx).Delete(id)) throw WebhookNotFound(id);
    });
}

WebhookDelivery WebhookService::Ping(const domain::Actor& actor, const std::string& id) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    const std::int64_t now = ctx_.clock.NowMs();
    return ctx_.db.Write([&](store::Tx& tx) {
        const Webhook hook = WebhookFromRow(LoadRow(tx, id));
        if (!hook.active) {
            throw Error(Errc::kConflict, "Webhook " + id + " is inactive; activate it to test it");
        }
        store::DeliveryRow row;
        row.id = platform::NewId(now);
        row.webhook_id = hook.id;
        row.event_type = std::string(kPingCode);
        row.payload =
            ping_(hook, {actor.id, actor.username, actor.display_name}, platform::NewId(now), now);
        row.status = std::string(kPendingCode);
        row.next_attempt_at = now;
        row.created_at = now;
        store::DeliveryRepository(tx).Insert(row);
        if (wake_) tx.OnCommit(wake_);
        return FromRow(row);
    });
}

std::vector<WebhookDelivery> WebhookService::Deliveries(const domain::Actor& actor,
                                                        const std::string& id,
                                                        const DeliveryQuery& query) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    return ctx_.db.Read([&](store::Tx& tx) {
        (void)LoadRow(tx, id);
        const auto status = query.status
                                ? std::optional(std::string(DeliveryStatusCode(*query.status)))
                                : std::nullopt;
        std::vector<WebhookDelivery> out;
        for (const auto& row :
             store::DeliveryRepository(tx).ListForWebhook(id, status, query.limit)) {
            out.push_back(FromRow(row));
        }
        return out;
    });
}

WebhookDelivery WebhookService::Redeliver(const domain::Actor& actor, const std::string& id,
                                          const std::string& delivery_id) {
    domain::RequirePermission(actor, domain::Action::kManageWebhooks);
    const std::int64_t now = ctx_.clock.NowMs();
    return ctx_.db.Write([&](store::Tx& tx) {
        const Webhook hook = WebhookFromRow(LoadRow(tx, id));
        store::DeliveryRepository deliveries(tx);
        const auto original = deliveries.Find(delivery_id);
        if (!original || original->webhook_id != hook.id) {
            throw Error(Errc::kNotFound,
                        "Delivery not found on this webhook: '" + delivery_id + "'");
        }
        if (!hook.active) {
            throw Error(Errc::kConflict,
                        "Webhook " + id + " is inactive; activate it to redeliver");
        }
        store::DeliveryRow row;
        row.id = platform::NewId(now);
        row.webhook_id = hook.id;
        row.event_id = original->event_id;
        row.event_type = original->event_type;
        row.payload = original->payload;
        row.redelivery_of = original->id;
        row.status = std::string(kPendingCode);
        row.next_attempt_at = now;
        row.created_at = now;
        deliveries.Insert(row);
        if (wake_) tx.OnCommit(wake_);
        return FromRow(row);
    });
}

std::vector<ClaimedDelivery> WebhookOutbox::Claim(int limit, std::int64_t lease_ms) {
    const std::int64_t now = ctx_.clock.NowMs();
    const std::string token = platform::RandomHex(12);
    const auto rows = ctx_.db.Write([&](store::Tx& tx) {
        return store::DeliveryRepository(tx).Claim(now, now + lease_ms, token, limit);
    });
    std::vector<ClaimedDelivery> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        out.push_back({row.id, row.webhook_id, row.url, row.secret,
                       ParseEventTypeCode(row.event_type), row.payload, row.attempts,
                       row.claim_token});
    }
    return out;
}

void WebhookOutbox::Complete(std::span<const CompletedAttempt> attempts) {
    if (attempts.empty()) return;
    const std::int64_t now = ctx_.clock.NowMs();
    ctx_.db.Write([&](store::Tx& tx) {
        store::DeliveryRepository deliveries(tx);
        for (const auto& [delivery, result] : attempts) {
            store::DeliveryOutcomeRow outcome;
            outcome.attempted_at = now;
            outcome.status_code = result.status_code;
            outcome.error = result.error;
            outcome.duration_ms = result.duration_ms;
            if (result.delivered) {
                outcome.status = DeliveryStatusCode(DeliveryStatus::kDelivered);
                outcome.delivered_at = now;
            } else if (delivery.attempt >= domain::kMaxDeliveryAttempts) {
                outcome.status = DeliveryStatusCode(DeliveryStatus::kFailed);
            } else {
                outcome.status = kPendingCode;
                outcome.next_attempt_at = now + domain::RetryDelayMs(delivery.attempt);
            }
            // A lost claim (the lease ran out and another runner took over) records nothing.
            (void)deliveries.Complete(delivery.id, delivery.claim_token, outcome);
        }
    });
}

int WebhookOutbox::Prune(std::int64_t max_age_ms) {
    const std::int64_t cutoff = ctx_.clock.NowMs() - max_age_ms;
    int total = 0;
    for (;;) {
        const int removed = ctx_.db.Write([&](store::Tx& tx) {
            return store::DeliveryRepository(tx).PruneFinishedBefore(cutoff, kPruneBatch) +
                   store::EventRepository(tx).PruneBefore(cutoff, kPruneBatch);
        });
        total += removed;
        if (removed == 0) return total;
    }
}

}  // namespace ticketing::app
