#include "domain/errors.hpp"
#include "http/handlers/routes.hpp"
#include "http/sse.hpp"

namespace ticketing::http {

void RegisterEventRoutes(Router& router, Services& s) {
    // Live updates (Server-Sent Events). Resumes after Last-Event-ID (the header browsers'
    // EventSource sends on reconnect; `lastEventId` in the query for clients that cannot set
    // headers); without it, new events only.
    router.Add(Verb::get, "/api/events", [&s](RequestContext& ctx) {
        std::optional<std::int64_t> last_seen;
        std::optional<std::string> raw;
        if (const auto header = ctx.Header("Last-Event-ID"); !header.empty()) {
            raw = std::string(header);
        } else if (auto query = ctx.Query("lastEventId")) {
            raw = std::move(query);
        }
        if (raw) {
            last_seen = ParseLastEventId(*raw);
            if (!last_seen) domain::FailField("Last-Event-ID", "must be an event id (a non-negative integer)");
        }
        auto joined = s.events.Subscribe(ctx.Caller(), last_seen);
        Response r;
        r.content_type = "text/event-stream; charset=utf-8";
        // Tells nginx-style proxies not to buffer the stream.
        r.Header("X-Accel-Buffering", "no");
        r.live = std::make_shared<FeedLiveBody>(std::move(joined), s.events.heartbeat());
        return r;
    });
}

}  // namespace ticketing::http
