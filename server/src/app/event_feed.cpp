#include "app/event_feed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "domain/policy.hpp"
#include "store/event_repository.hpp"

namespace ticketing::app {
namespace {

constexpr int kBatch = 500;

FeedEvent ToFeedEvent(store::EventRow&& row) {
    return {row.seq, std::move(row.type), std::move(row.payload)};
}

}  // namespace

void FeedSubscription::SetWaker(std::function<void()> waker) {
    std::lock_guard lock(mutex_);
    waker_ = std::move(waker);
}

std::optional<std::vector<FeedEvent>> FeedSubscription::Take() {
    std::lock_guard lock(mutex_);
    if (queue_.empty() && closed_) return std::nullopt;
    std::vector<FeedEvent> out(std::make_move_iterator(queue_.begin()),
                               std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
}

void FeedSubscription::Close() {
    std::function<void()> waker;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        waker = waker_;
    }
    if (waker) waker();
}

void FeedSubscription::SkipThrough(std::int64_t seq) {
    std::lock_guard lock(mutex_);
    skip_through_ = seq;
    std::erase_if(queue_, [seq](const FeedEvent& e) { return e.seq <= seq; });
}

void FeedSubscription::Push(const FeedEvent& event, std::size_t max_queued) {
    std::function<void()> waker;
    {
        std::lock_guard lock(mutex_);
        if (closed_ || event.seq <= skip_through_) return;
        if (queue_.size() >= max_queued) {
            // Too slow to keep up: end its stream; it resumes from the database.
            closed_ = true;
        } else {
            queue_.push_back(event);
        }
        waker = waker_;
    }
    if (waker) waker();
}

EventFeed::EventFeed(AppContext& ctx, Options options) : ctx_(ctx), options_(options) {}

EventFeed::~EventFeed() { Stop(); }

void EventFeed::Start() {
    {
        std::lock_guard lock(mutex_);
        if (started_) return;
        started_ = true;
    }
    try {
        position_ = ctx_.db.Read([](store::Tx& tx) { return store::EventRepository(tx).LastSeq(); });
    } catch (const std::exception& e) {
        // The database may be down at start; the first successful poll finds the position.
        spdlog::warn("live events: reading the event log position failed: {}", e.what());
        position_ = -1;
    }
    thread_ = std::thread([this] { Run(); });
    listener_ = ctx_.db.ListenForEvents();
    if (listener_) {
        listening_ = true;
        listener_thread_ = std::thread([this] {
            while (listening_.load()) {
                if (listener_->Wait(std::chrono::milliseconds(250))) {
                    ++notifications_;
                    Wake();
                }
            }
        });
    }
}

void EventFeed::Stop() {
    std::vector<std::shared_ptr<FeedSubscription>> open;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& weak : subscribers_) {
            if (auto sub = weak.lock()) open.push_back(std::move(sub));
        }
        subscribers_.clear();
    }
    wake_.notify_all();
    listening_ = false;
    if (listener_thread_.joinable()) listener_thread_.join();
    if (thread_.joinable()) thread_.join();
    for (auto& sub : open) sub->Close();
}

void EventFeed::Wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

EventFeed::Joined EventFeed::Subscribe(const domain::Actor& actor,
                                       std::optional<std::int64_t> last_seen) {
    // Every event concerns a ticket, and every role that may see tickets may see them all.
    domain::RequirePermission(actor, domain::Action::kViewTickets);
    Joined joined;
    joined.subscription = std::make_shared<FeedSubscription>();
    std::int64_t upto = 0;
    {
        // Registered before reading the position: whatever is published after this point
        // reaches the subscription, whatever was published before is at or below `upto`.
        std::lock_guard lock(mutex_);
        if (stopping_) {
            joined.subscription->closed_ = true;
            return joined;
        }
        subscribers_.push_back(joined.subscription);
        upto = position_.load();
        // The feed reads the log lazily while nobody listens: have it catch up now.
        woken_ = true;
    }
    wake_.notify_all();
    if (!last_seen) {
        // Only what commits from now on. The feed's thread publishes a commit a moment after it
        // happens, so `upto` can lag behind writes that finished before this call: skip what
        // the log already holds.
        joined.subscription->SkipThrough(
            ctx_.db.Read([](store::Tx& tx) { return store::EventRepository(tx).LastSeq(); }));
        return joined;
    }
    if (upto < 0) return joined;
    std::int64_t after = *last_seen;
    while (after < upto) {
        auto rows = ctx_.db.Read(
            [&](store::Tx& tx) { return store::EventRepository(tx).After(after, kBatch); });
        if (rows.empty()) break;
        for (auto& row : rows) {
            if (row.seq > upto) return joined;
            after = row.seq;
            joined.replay.push_back(ToFeedEvent(std::move(row)));
        }
    }
    return joined;
}

std::size_t EventFeed::subscribers() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count_if(
        subscribers_.begin(), subscribers_.end(), [](const auto& w) { return !w.expired(); }));
}

bool EventFeed::AnyoneListeningLocked() const {
    return std::any_of(subscribers_.begin(), subscribers_.end(),
                       [](const auto& w) { return !w.expired(); });
}

void EventFeed::Run() {
    std::unique_lock lock(mutex_);
    auto last_read = std::chrono::steady_clock::now();
    while (!stopping_) {
        // With nobody listening, a local commit's wake-up waits for the poll interval: otherwise
        // every write would cost the database one more read of the log (on PostgreSQL a read
        // that is planned afresh each time), for no reader. A new subscriber wakes the feed, so
        // it catches up at once. While a gap is open and someone listens, look again soon: it
        // closes when the earlier commit lands.
        const bool listening = AnyoneListeningLocked();
        const auto interval = gap_since_ && listening
                                  ? std::min(options_.poll, std::chrono::milliseconds(50))
                                  : options_.poll;
        wake_.wait_until(lock, last_read + interval, [this] {
            return stopping_ || (woken_ && AnyoneListeningLocked());
        });
        if (stopping_) break;
        woken_ = false;
        last_read = std::chrono::steady_clock::now();
        lock.unlock();
        try {
            PollOnce();
        } catch (const std::exception& e) {
            spdlog::warn("live events: reading the event log failed: {}", e.what());
        }
        lock.lock();
    }
}

void EventFeed::PollOnce() {
    if (position_.load() < 0) {
        position_ = ctx_.db.Read([](store::Tx& tx) { return store::EventRepository(tx).LastSeq(); });
    }
    for (;;) {
        const std::int64_t from = position_.load();
        ++log_reads_;
        auto rows = ctx_.db.Read(
            [&](store::Tx& tx) { return store::EventRepository(tx).After(from, kBatch); });
        if (rows.empty()) {
            gap_since_.reset();
            return;
        }
        std::vector<FeedEvent> ready;
        std::int64_t next = from;
        for (auto& row : rows) {
            if (row.seq != next + 1) {
                const auto now = std::chrono::steady_clock::now();
                if (!gap_since_) gap_since_ = now;
                if (now - *gap_since_ < options_.gap_wait) break;
                // Waited long enough: the missing seqs belong to rolled-back transactions.
                gap_since_.reset();
            }
            next = row.seq;
            ready.push_back(ToFeedEvent(std::move(row)));
        }
        if (ready.empty()) return;
        if (ready.size() == rows.size()) gap_since_.reset();
        Publish(ready);
        if (static_cast<int>(rows.size()) < kBatch || ready.size() < rows.size()) return;
    }
}

void EventFeed::Publish(const std::vector<FeedEvent>& events) {
    std::vector<std::shared_ptr<FeedSubscription>> live;
    {
        // Position and subscriber list move together, so Subscribe() sees a consistent pair.
        std::lock_guard lock(mutex_);
        position_ = events.back().seq;
        std::erase_if(subscribers_, [](const auto& w) { return w.expired(); });
        for (auto& weak : subscribers_) {
            if (auto sub = weak.lock()) live.push_back(std::move(sub));
        }
    }
    for (auto& sub : live) {
        for (const auto& event : events) sub->Push(event, options_.max_queued);
    }
}

}  // namespace ticketing::app
