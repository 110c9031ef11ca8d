#pragma once

#include <boost/beast/http/status.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ticketing::http {

using Status = boost::beast::http::status;

// A body produced piece by piece (chunked transfer): each Next() runs on the worker pool, so a
// huge list never sits in memory whole. nullopt ends the body.
class BodyStream {
public:
    virtual ~BodyStream() = default;
    virtual std::optional<std::string> Next() = 0;
};

// A body that stays open and is fed by events (Server-Sent Events). Between pieces the
// connection waits on its I/O strand, holding no worker and no database connection.
class LiveBody {
public:
    virtual ~LiveBody() = default;
    // `wake` may be called from any thread, any number of times, for as long as the body lives.
    virtual void SetWaker(std::function<void()> wake) = 0;
    // The next piece: text to send (empty when nothing is ready), or nullopt to end the body.
    virtual std::optional<std::string> Take() = 0;
    // Sent when nothing else was for `heartbeat_interval()`.
    [[nodiscard]] virtual std::string Heartbeat() const = 0;
    [[nodiscard]] virtual std::chrono::milliseconds heartbeat_interval() const = 0;
};

struct Response {
    Status status = Status::ok;
    std::string body;
    // When set, sent instead of `body` without a copy: a rendered page shared with the page
    // cache (a 67 KB dashboard page copied per request cost more than reading its version).
    std::shared_ptr<const std::string> shared_body;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::unique_ptr<BodyStream> stream;  // when set, `body` is ignored
    std::shared_ptr<LiveBody> live;      // when set, `body` is ignored; the connection ends with it

    static Response Json(std::string body, Status status = Status::ok) {
        Response r;
        r.status = status;
        r.body = std::move(body);
        return r;
    }
    static Response NoContent() {
        Response r;
        r.status = Status::no_content;
        r.content_type.clear();
        return r;
    }
    static Response Error(Status status, std::string_view code, std::string_view message,
                          const std::map<std::string, std::string>& fields = {});

    [[nodiscard]] std::size_t body_size() const { return shared_body ? shared_body->size() : body.size(); }

    Response& Header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

}  // namespace ticketing::http
