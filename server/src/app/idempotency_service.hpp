#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/context.hpp"
#include "domain/actor.hpp"
#include "platform/function_ref.hpp"

namespace ticketing::app {

// A response as it is kept for replay.
struct StoredResponse {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool replayed = false;
};

// Idempotency-Key for automation retries. The first successful response per (caller, key) is
// stored in the same transaction as the change it reports; a retry with the same request gets it
// back unchanged and changes nothing; the same key with another request is a 422. Keys are kept
// for 24 hours.
class IdempotencyService {
public:
    static constexpr std::int64_t kRetentionMs = 24 * 3'600'000LL;

    explicit IdempotencyService(AppContext ctx) : ctx_(ctx) {}

    // `produce` runs the use case; its own database writes join this transaction.
    StoredResponse Run(const domain::Actor& actor, std::string_view key, std::string_view fingerprint,
                       platform::FunctionRef<StoredResponse()> produce);

    // Deletes keys older than the retention; returns how many.
    long long Prune();

private:
    AppContext ctx_;
};

}  // namespace ticketing::app
