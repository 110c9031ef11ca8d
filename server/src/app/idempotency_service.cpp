#include "app/idempotency_service.hpp"

#include "domain/errors.hpp"
#include "store/idempotency_repository.hpp"

namespace ticketing::app {

StoredResponse IdempotencyService::Run(const domain::Actor& actor, std::string_view key,
                                       std::string_view fingerprint,
                                       platform::FunctionRef<StoredResponse()> produce) {
    if (key.empty() || key.size() > 255) {
        domain::FailField("Idempotency-Key", "must be 1-255 characters");
    }
    for (const char c : key) {
        if (c < 0x21 || c > 0x7E) domain::FailField("Idempotency-Key", "must be visible ASCII characters");
    }
    const std::int64_t now = ctx_.clock.NowMs();
    const std::string principal = actor.id.value;
    const std::string k(key);
    return ctx_.db.Write([&](store::Tx& tx) {
        store::IdempotencyRepository keys(tx);
        keys.Lock(principal, k);
        if (auto stored = keys.Find(principal, k); stored && stored->created_at >= now - kRetentionMs) {
            if (stored->fingerprint != fingerprint) {
                throw domain::Error(domain::Errc::kUnprocessable,
                                    "This Idempotency-Key was already used for a different request");
            }
            return StoredResponse{stored->status, std::move(stored->body), std::move(stored->headers), true};
        }
        StoredResponse response = produce();
        if (response.status >= 200 && response.status < 300) {
            keys.DeleteOlderThan(now - kRetentionMs);  // an expired record of this key, if any
            keys.Insert({principal, k, std::string(fingerprint), response.status, response.body,
                         response.headers, now});
        }
        return response;
    });
}

long long IdempotencyService::Prune() {
    const std::int64_t cutoff = ctx_.clock.NowMs() - kRetentionMs;
    return ctx_.db.Write([&](store::Tx& tx) { return store::IdempotencyRepository(tx).DeleteOlderThan(cutoff); });
}

}  // namespace ticketing::app
