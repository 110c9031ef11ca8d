#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/context.hpp"
#include "store/event_listener.hpp"
#include "domain/actor.hpp"

namespace ticketing::app {

// One committed event as live readers see it: its position in the log and its JSON document.
struct FeedEvent {
    std::int64_t seq = 0;
    std::string type;
    std::string payload;
};

// One live reader (an SSE connection). The feed appends; the connection takes. A reader that
// falls too far behind is closed rather than buffered without bound: it reconnects with
// Last-Event-ID and catches up from the database.
class FeedSubscription {
public:
    // Called (from the feed's thread) when events arrive or the subscription closes.
    void SetWaker(std::function<void()> waker);
    // Everything queued so far; nullopt once closed and drained.
    [[nodiscard]] std::optional<std::vector<FeedEvent>> Take();
    void Close();

private:
    friend class EventFeed;
    void Push(const FeedEvent& event, std::size_t max_queued);
    // Drops, now and later, the events at or below seq: those committed before a live-only
    // subscription began, which the feed's thread may not have published yet.
    void SkipThrough(std::int64_t seq);

    std::mutex mutex_;
    std::deque<FeedEvent> queue_;
    std::function<void()> waker_;
    bool closed_ = false;
    std::int64_t skip_through_ = -1;
};

// Follows the `events` table (the outbox every change writes in its own transaction) and fans
// new rows out to live readers. One thread per process reads the log: woken at once by local
// commits and other instances' notifications while someone listens, and every `poll` in any
// case (commits by instances that could not notify; the position while nobody listens).
//
// Sequence numbers are handed out before commit, so on PostgreSQL a later seq can become
// visible before an earlier one. The feed delivers in seq order and waits up to `gap_wait` for
// a missing seq to appear before giving it up as rolled back.
class EventFeed {
public:
    struct Options {
        std::chrono::milliseconds poll{1000};
        std::chrono::milliseconds gap_wait{2000};
        std::size_t max_queued = 10000;
        std::chrono::seconds heartbeat{15};
    };

    EventFeed(AppContext& ctx, Options options);
    ~EventFeed();
    EventFeed(const EventFeed&) = delete;
    EventFeed& operator=(const EventFeed&) = delete;

    void Start();
    void Stop();
    // A local transaction committed events: look now instead of at the next poll.
    void Wake();

    // A new reader. Events after `last_seen` that the feed has already passed are returned in
    // `replay` (read from the database); later ones arrive through the subscription, so none is
    // missed or repeated. Without `last_seen` the reader gets new events only.
    struct Joined {
        std::shared_ptr<FeedSubscription> subscription;
        std::vector<FeedEvent> replay;
    };
    [[nodiscard]] Joined Subscribe(const domain::Actor& actor,
                                   std::optional<std::int64_t> last_seen);
    [[nodiscard]] std::chrono::seconds heartbeat() const { return options_.heartbeat; }

    [[nodiscard]] std::size_t subscribers() const;
    [[nodiscard]] std::int64_t position() const { return position_.load(); }
    // Wake-ups from other instances' commits (PostgreSQL LISTEN/NOTIFY), for /metrics.
    [[nodiscard]] std::uint64_t notifications() const { return notifications_.load(); }
    // Reads of the event log by the feed's thread, for /metrics.
    [[nodiscard]] std::uint64_t log_reads() const { return log_reads_.load(); }

private:
    void Run();
    void PollOnce();
    void Publish(const std::vector<FeedEvent>& events);
    [[nodiscard]] bool AnyoneListeningLocked() const;  // mutex_ held

    AppContext& ctx_;
    Options options_;
    std::atomic<std::int64_t> position_{0};  // every seq <= position_ has been published
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool woken_ = false;
    bool stopping_ = false;
    bool started_ = false;
    std::vector<std::weak_ptr<FeedSubscription>> subscribers_;
    std::optional<std::chrono::steady_clock::time_point> gap_since_;
    std::thread thread_;
    std::unique_ptr<store::EventListener> listener_;
    std::thread listener_thread_;
    std::atomic<bool> listening_{false};
    std::atomic<std::uint64_t> notifications_{0};
    std::atomic<std::uint64_t> log_reads_{0};
};

}  // namespace ticketing::app
