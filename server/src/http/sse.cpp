#include "http/sse.hpp"

#include <charconv>

namespace ticketing::http {
namespace {

// What the client waits before reconnecting after a dropped stream (the SSE `retry` field).
constexpr std::string_view kRetry = "retry: 3000\n\n";

}  // namespace

std::string FormatSseEvent(const app::FeedEvent& event) {
    std::string out;
    out.reserve(event.payload.size() + event.type.size() + 40);
    out += "id: ";
    out += std::to_string(event.seq);
    out += "\nevent: ";
    out += event.type;
    out += "\ndata: ";
    out += event.payload;
    out += "\n\n";
    return out;
}

std::optional<std::int64_t> ParseLastEventId(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

FeedLiveBody::FeedLiveBody(app::EventFeed::Joined joined, std::chrono::milliseconds heartbeat)
    : joined_(std::move(joined)), heartbeat_(heartbeat) {}

std::optional<std::string> FeedLiveBody::Take() {
    std::string out;
    if (!started_) {
        started_ = true;
        out += kRetry;
        for (const auto& event : joined_.replay) out += FormatSseEvent(event);
        joined_.replay.clear();
        joined_.replay.shrink_to_fit();
    }
    auto events = joined_.subscription->Take();
    if (!events) {
        if (!out.empty()) return out;  // the rest ends the stream on the next call
        return std::nullopt;
    }
    for (const auto& event : *events) out += FormatSseEvent(event);
    return out;
}

}  // namespace ticketing::http
