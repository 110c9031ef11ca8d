#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/event_feed.hpp"
#include "http/response.hpp"

namespace ticketing::http {

// Server-Sent Events framing of the event feed (GET /api/events): `id` is the event's place in
// the log (what Last-Event-ID resumes from), `event` its type, `data` its JSON document, which
// never contains a line break.
[[nodiscard]] std::string FormatSseEvent(const app::FeedEvent& event);

// Parses a Last-Event-ID value: a non-negative decimal integer, nothing else.
[[nodiscard]] std::optional<std::int64_t> ParseLastEventId(std::string_view text);

// The live body of one SSE connection: first the reconnection delay and the replay, then
// whatever the subscription receives, with a comment line as heartbeat.
class FeedLiveBody final : public LiveBody {
public:
    FeedLiveBody(app::EventFeed::Joined joined, std::chrono::milliseconds heartbeat);

    void SetWaker(std::function<void()> wake) override { joined_.subscription->SetWaker(std::move(wake)); }
    std::optional<std::string> Take() override;
    [[nodiscard]] std::string Heartbeat() const override { return ": keep-alive\n\n"; }
    [[nodiscard]] std::chrono::milliseconds heartbeat_interval() const override { return heartbeat_; }

private:
    app::EventFeed::Joined joined_;
    std::chrono::milliseconds heartbeat_;
    bool started_ = false;
};

}  // namespace ticketing::http
