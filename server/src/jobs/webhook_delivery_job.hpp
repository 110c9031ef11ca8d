#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "app/webhook_service.hpp"
#include "platform/clock.hpp"

namespace ticketing::jobs {

struct WebhookDeliveryOptions {
    // How often due retries are looked for; new events wake the job at once (Wake).
    std::chrono::milliseconds poll_interval{1000};
    // One attempt, from name resolution to the response head; longer counts as a failure.
    std::chrono::milliseconds attempt_timeout{10'000};
    // Deliveries claimed and sent concurrently per round.
    int batch = 16;
    // Finished deliveries and events older than this are deleted (hourly).
    std::int64_t retention_ms = 30 * platform::kDayMs;
};

// Sends the webhook outbox: claims due deliveries (so that of several instances exactly one
// sends each), POSTs them concurrently over HTTP or HTTPS (peer and host name verified) with
// the X-Ticketing-* headers and an HMAC-SHA256 signature, and records each outcome (delivered,
// retry with backoff, or failed after the last attempt). A crash mid-attempt leaves the claim to
// expire, and the delivery is retried: receivers dedupe on X-Ticketing-Delivery.
class WebhookDeliveryJob {
public:
    WebhookDeliveryJob(app::WebhookOutbox& outbox, const platform::Clock& clock,
                       WebhookDeliveryOptions options = {});
    ~WebhookDeliveryJob();
    WebhookDeliveryJob(const WebhookDeliveryJob&) = delete;
    WebhookDeliveryJob& operator=(const WebhookDeliveryJob&) = delete;

    void Start(std::chrono::milliseconds first_delay = std::chrono::milliseconds(0));
    // Abandons attempts in flight (their claims expire and they are retried later).
    void Stop();
    // Something was queued: look now instead of at the next poll.
    void Wake();
    // One round on the caller's thread: claim, send, record. Returns the attempts made.
    int RunOnce();

    // For /metrics, since start: attempts answered 2xx, attempts that failed (and will be
    // retried), deliveries given up after the last attempt.
    struct Counters {
        std::uint64_t delivered = 0;
        std::uint64_t failed_attempts = 0;
        std::uint64_t given_up = 0;
    };
    [[nodiscard]] Counters counters() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ticketing::jobs
