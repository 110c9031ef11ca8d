#include "load.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/error.hpp>
#include <boost/json.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <utility>

#include "raw_http.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;
using Clock = std::chrono::steady_clock;

struct Answer {
    bool sent = true;  // false: the connection was refused, nothing reached the server
    int status = 0;
    std::string body;
    bool connection_close = false;
};

template <class F>
Answer Send(F&& request) {
    Answer answer;
    try {
        const Reply res = request();
        answer.status = res.status;
        answer.body = res.body;
        for (const auto& [name, value] : res.headers) {
            answer.connection_close = answer.connection_close ||
                                      (boost::iequals(name, "Connection") && boost::iequals(value, "close"));
        }
    } catch (const boost::system::system_error& e) {
        answer.sent = e.code() != boost::asio::error::connection_refused;
    } catch (const std::exception&) {
        // No answer: the outcome is unknown.
    }
    return answer;
}

std::string Member(const std::string& body, const char* name) {
    boost::system::error_code ec;
    const auto value = bj::parse(body, ec);
    if (ec || !value.is_object()) return {};
    const auto* member = value.as_object().if_contains(name);
    return member != nullptr && member->is_string() ? std::string(member->as_string())
                                                    : std::string();
}

}  // namespace

WriteLoad::WriteLoad(History& history, CtiRoute route, std::string api_key, std::string tag,
                     LoadOptions options)
    : history_(history),
      route_(std::move(route)),
      api_key_(std::move(api_key)),
      tag_(std::move(tag)),
      options_(options),
      counters_(static_cast<std::size_t>(options.clients), 0),
      own_tickets_(static_cast<std::size_t>(options.clients)) {}

WriteLoad::~WriteLoad() { Stop(); }

void WriteLoad::Start(std::uint16_t port) {
    Stop();
    stop_ = false;
    ++seed_;
    for (int i = 0; i < options_.clients; ++i)
        threads_.emplace_back([this, i, port] { RunClient(i, port); });
}

void WriteLoad::Stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
}

bool WriteLoad::WaitForAck(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const std::uint64_t seen = acks_;
    return acked_.wait_for(lock, timeout, [&] { return acks_ != seen; });
}

std::vector<LoadEvent> WriteLoad::TakeEvents() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
}

void WriteLoad::Record(LoadEvent event) {
    {
        std::lock_guard lock(mutex_);
        if (Classify(event.status) == Outcome::kAcked) ++acks_;
        events_.push_back(std::move(event));
    }
    acked_.notify_all();
}

void WriteLoad::RunClient(int index, std::uint16_t port) {
    const auto slot = static_cast<std::size_t>(index);
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed_ * 1000 + slot));
    std::uniform_int_distribution<int> percent(0, 99);
    const Client http(port);
    const Headers auth = {{"X-Api-Key", api_key_}};
    const auto interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(options_.clients / options_.writes_per_second));
    auto next = Clock::now() + interval * index / options_.clients;
    auto& mine = own_tickets_[slot];

    while (!stop_) {
        while (!stop_ && Clock::now() < next)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (stop_) break;
        next = std::max(next + interval, Clock::now() - interval);
        const std::string name =
            tag_ + "-c" + std::to_string(index) + "-" + std::to_string(++counters_[slot]);

        const int roll = percent(rng);
        std::optional<std::string> ticket;
        WriteKind kind = WriteKind::kCreate;
        if (roll >= options_.create_percent + options_.comment_percent && !mine.empty()) {
            kind = WriteKind::kPatch;
            ticket = mine[std::uniform_int_distribution<std::size_t>(0, mine.size() - 1)(rng)];
        } else if (roll >= options_.create_percent) {
            ticket = history_.AnyTicket(rng);
            if (ticket) kind = WriteKind::kComment;
        }

        LoadEvent event;
        event.kind = kind;
        event.sent = Clock::now();
        Answer answer;
        switch (kind) {
            case WriteKind::kCreate: {
                CreateRecord record;
                record.title = "ticket " + name;
                record.overview = "overview of " + name;
                record.severity = 1 + static_cast<std::int64_t>(counters_[slot] % 5);
                const std::string body = bj::serialize(bj::object{{"title", record.title},
                                                                  {"overview", record.overview},
                                                                  {"severity", record.severity},
                                                                  {"categoryId", route_.category},
                                                                  {"typeId", route_.type},
                                                                  {"itemId", route_.item}});
                answer = Send([&] { return http.Post("/api/tickets", body, auth); });
                if (!answer.sent) break;
                record.status = answer.status;
                record.outcome = Classify(answer.status);
                if (record.outcome == Outcome::kAcked) {
                    record.id = Member(answer.body, "id");
                    record.display_id = Member(answer.body, "displayId");
                    if (record.id.empty()) record.outcome = Outcome::kUnknown;
                }
                history_.AddCreate(record);
                if (record.outcome == Outcome::kAcked) mine.push_back(record.id);
                break;
            }
            case WriteKind::kComment: {
                CommentRecord record;
                record.ticket_id = *ticket;
                record.body = "comment " + name;
                const std::string body = bj::serialize(bj::object{{"body", record.body}});
                answer = Send(
                    [&] { return http.Post("/api/tickets/" + *ticket + "/comments", body, auth); });
                if (!answer.sent) break;
                record.status = answer.status;
                record.outcome = Classify(answer.status);
                if (record.outcome == Outcome::kAcked) {
                    record.id = Member(answer.body, "id");
                    if (record.id.empty()) record.outcome = Outcome::kUnknown;
                }
                history_.AddComment(record);
                break;
            }
            case WriteKind::kPatch: {
                TitleRecord record;
                record.title = "renamed " + name;
                const std::string body = bj::serialize(bj::object{{"title", record.title}});
                answer = Send([&] { return http.Patch("/api/tickets/" + *ticket, body, auth); });
                if (!answer.sent) break;
                record.status = answer.status;
                record.outcome = Classify(answer.status);
                history_.AddTitle(*ticket, record);
                break;
            }
        }
        if (!answer.sent) continue;
        event.status = answer.status;
        event.body = std::move(answer.body);
        event.connection_close = answer.connection_close;
        event.answered = Clock::now();
        Record(std::move(event));
    }
}

}  // namespace ticketing::testing::reliability
