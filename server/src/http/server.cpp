#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <ctime>

#include "domain/errors.hpp"
#include "http/access_log.hpp"
#include "http/error_mapping.hpp"
#include "http/framing.hpp"
#include "http/offload.hpp"
#include "store/snapshot_feed.hpp"

namespace ticketing::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = net::ip::tcp;

struct Server::Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool idle = false;    // waiting for the next request; touched only on the connection's strand
    bool served = false;  // answered a request (so idle means an idle keep-alive connection)
};

namespace {

// Requests that may change data, and so may wait for a commit.
bool ChangesData(bh::verb method) {
    return method == bh::verb::post || method == bh::verb::put || method == bh::verb::patch ||
           method == bh::verb::delete_;
}

constexpr auto kTuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t kReadChunk = 8192;

// The feed's next snapshot, resumed on this coroutine's own executor. The feed calls back on a
// thread of its own, which only posts.
net::awaitable<std::optional<std::string>> NextSnapshot(store::SnapshotFeed& feed) {
    // The handler's associated executor, not a copy of this_coro::executor kept in this frame:
    // with GCC 12 that copy was freed once too often (ASan, heap-use-after-free of the strand).
    co_return co_await net::async_initiate<decltype(net::use_awaitable), void(std::optional<std::string>)>(
        [&feed](auto handler) {
            auto executor = net::get_associated_executor(handler);
            // The feed keeps copyable callbacks; the coroutine's handler is move-only.
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            feed.Next([shared, executor](std::optional<std::string> snapshot) {
                net::post(executor, [shared, snapshot = std::move(snapshot)]() mutable {
                    auto resume = std::move(*shared);
                    std::move(resume)(std::move(snapshot));
                });
            });
        },
        net::use_awaitable);
}

// The Date header, formatted once per second per thread.
const std::string& HttpDate() {
    thread_local std::time_t cached_at = 0;
    thread_local std::string cached;
    const std::time_t now = std::time(nullptr);
    if (now != cached_at) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char buf[64];
        const auto n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached.assign(buf, n);
        cached_at = now;
    }
    return cached;
}

std::string_view View(const beast::flat_buffer& buffer) {
    return {static_cast<const char*>(buffer.data().data()), buffer.data().size()};
}

template <class Message>
void SetCommonFields(Message& message, Response& response, bool keep_alive) {
    message.set(bh::field::server, "ticketing");
    message.set(bh::field::date, HttpDate());
    if (!response.content_type.empty()) message.set(bh::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message.insert(name, value);
    message.keep_alive(keep_alive);
}

bool NoBodyStatus(Status status) {
    const auto code = static_cast<unsigned>(status);
    return code == 204 || code == 304 || code < 200;
}

// The status line and headers of a chunked response; false if the connection failed.
net::awaitable<bool> WriteChunkedHead(beast::tcp_stream& stream, Response& response,
                                      unsigned version, bool keep_alive, std::chrono::seconds timeout) {
    bh::response<bh::empty_body> message{response.status, version};
    SetCommonFields(message, response, keep_alive);
    message.chunked(true);
    bh::response_serializer<bh::empty_body> serializer{message};
    stream.expires_after(timeout);
    auto [ec, n] = co_await bh::async_write_header(stream, serializer, kTuple);
    co_return !ec;
}

// Writes `response`; returns the body bytes sent, or nullopt if the connection failed.
net::awaitable<std::optional<std::size_t>> Write(beast::tcp_stream& stream, Response& response,
                                                 unsigned version, bool keep_alive, bool head,
                                                 std::chrono::seconds timeout,
                                                 net::thread_pool& workers) {
    if (response.stream) {
        if (!co_await WriteChunkedHead(stream, response, version, keep_alive, timeout)) co_return std::nullopt;
        std::size_t sent = 0;
        while (!head) {
            std::optional<std::string> chunk;
            try {
                chunk = co_await Offload(workers, [&] { return response.stream->Next(); });
            } catch (const std::exception& e) {
                // The status line is gone already: all we can do is end the body abnormally.
                spdlog::error("streaming a response failed after {} bytes: {}", sent, e.what());
                co_return std::nullopt;
            }
            stream.expires_after(timeout);
            if (!chunk) {
                auto [ec2, n2] = co_await net::async_write(stream, bh::make_chunk_last(), kTuple);
                if (ec2) co_return std::nullopt;
                break;
            }
            if (chunk->empty()) continue;
            auto [ec3, n3] = co_await net::async_write(stream, bh::make_chunk(net::buffer(*chunk)), kTuple);
            if (ec3) co_return std::nullopt;
            sent += chunk->size();
        }
        co_return sent;
    }
    if (head || NoBodyStatus(response.status)) {
        bh::response<bh::empty_body> message{response.status, version};
        SetCommonFields(message, response, keep_alive);
        if (!NoBodyStatus(response.status)) message.content_length(response.body_size());
        stream.expires_after(timeout);
        auto [ec, n] = co_await bh::async_write(stream, message, kTuple);
        if (ec) co_return std::nullopt;
        co_return 0;
    }
    if (response.shared_body) {
        // Sent from the shared bytes, which `response` keeps alive until the write is done.
        bh::response<bh::span_body<const char>> message{response.status, version};
        SetCommonFields(message, response, keep_alive);
        message.body() = {response.shared_body->data(), response.shared_body->size()};
        message.prepare_payload();
        stream.expires_after(timeout);
        auto [ec, n] = co_await bh::async_write(stream, message, kTuple);
        if (ec) co_return std::nullopt;
        co_return response.shared_body->size();
    }
    bh::response<bh::string_body> message{response.status, version};
    SetCommonFields(message, response, keep_alive);
    const std::size_t size = response.body.size();
    message.body() = std::move(response.body);
    message.prepare_payload();
    stream.expires_after(timeout);
    auto [ec, n] = co_await bh::async_write(stream, message, kTuple);
    if (ec) co_return std::nullopt;
    co_return size;
}

// Sends a live body (Server-Sent Events) until it ends, the client goes away or the server
// drains. Waits on a timer that the body's waker cancels; the wait is cut into slices of at
// most a second so that a wake lost to a race, or a drain, costs at most that.
net::awaitable<std::optional<std::size_t>> WriteLive(beast::tcp_stream& stream, Response& response,
                                                     unsigned version, std::chrono::seconds timeout,
                                                     const std::atomic<bool>& draining) {
    if (!co_await WriteChunkedHead(stream, response, version, false, timeout)) co_return std::nullopt;

    auto executor = stream.get_executor();
    auto timer = std::make_shared<net::steady_timer>(executor);
    auto pending = std::make_shared<std::atomic<bool>>(true);
    std::weak_ptr<net::steady_timer> weak_timer = timer;
    response.live->SetWaker([executor, weak_timer, pending] {
        pending->store(true);
        net::post(executor, [weak_timer] {
            if (auto t = weak_timer.lock()) t->cancel();
        });
    });

    std::size_t sent = 0;
    const auto interval = response.live->heartbeat_interval();
    auto quiet_since = std::chrono::steady_clock::now();
    while (!draining.load()) {
        std::string piece;
        if (pending->exchange(false)) {
            auto next = response.live->Take();
            if (!next) break;
            piece = std::move(*next);
        }
        const auto now = std::chrono::steady_clock::now();
        if (piece.empty() && now - quiet_since >= interval) piece = response.live->Heartbeat();
        if (!piece.empty()) {
            stream.expires_after(timeout);
            auto [ec2, n2] = co_await net::async_write(stream, bh::make_chunk(net::buffer(piece)), kTuple);
            if (ec2) {
                response.live->SetWaker({});
                co_return std::nullopt;
            }
            sent += piece.size();
            quiet_since = std::chrono::steady_clock::now();
            continue;
        }
        if (pending->load()) continue;
        const auto until_heartbeat = interval - (now - quiet_since);
        timer->expires_after(std::min<std::chrono::steady_clock::duration>(until_heartbeat, std::chrono::seconds(1)));
        co_await timer->async_wait(kTuple);
    }
    response.live->SetWaker({});
    stream.expires_after(timeout);
    auto [ec3, n3] = co_await net::async_write(stream, bh::make_chunk_last(), kTuple);
    if (ec3) co_return std::nullopt;
    co_return sent;
}

}  // namespace

Server::Server(ServerOptions options, const Pipeline& pipeline, net::thread_pool& workers,
               net::thread_pool& hashing, net::thread_pool* writes)
    : options_(std::move(options)),
      pipeline_(pipeline),
      workers_(workers),
      hashing_(hashing),
      writes_(writes),
      ioc_(options_.io_threads),
      // On a strand: Shutdown cancels the accept from another thread.
      acceptor_(net::make_strand(ioc_)) {}

Server::~Server() {
    if (!ioc_.stopped()) Shutdown(std::chrono::milliseconds(0));
    Wait();
}

std::uint16_t Server::Listen() {
    const tcp::endpoint endpoint(net::ip::make_address(options_.host), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
}

void Server::Start() {
    net::co_spawn(acceptor_.get_executor(), AcceptLoop(), net::detached);
    for (int i = 0; i < options_.io_threads; ++i) {
        threads_.emplace_back([this] { ioc_.run(); });
    }
}

void Server::Wait() {
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
    // Requests still waiting for a snapshot are answered (posted to the stopped io_context,
    // which destroys them) while it still exists.
    if (options_.snapshot_feed != nullptr) options_.snapshot_feed->Stop();
}

void Server::Shutdown(std::chrono::milliseconds grace) {
    if (draining_.exchange(true)) return;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    std::unique_lock lock(mutex_);
    // Idle keep-alive connections have nothing in flight: close them now. Busy ones finish their
    // request, answer with Connection: close, and end. A new connection still waiting for its
    // first request is left to read it (its client may have sent it already): it gets a 503.
    for (auto& [raw, weak] : connections_) {
        if (auto connection = weak.lock()) {
            net::post(connection->stream.get_executor(), [connection] {
                if (connection->idle && connection->served) connection->stream.cancel();
            });
        }
    }
    lock.unlock();
    net::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ec;
        acceptor_.cancel(ec);
    });
    lock.lock();
    drained_.wait_until(lock, deadline, [this] { return listener_closed_ && connections_.empty(); });
    if (!connections_.empty()) {
        spdlog::warn("shutdown: {} connection(s) still busy after the grace period", connections_.size());
    }
    lock.unlock();
    ioc_.stop();
}

net::awaitable<void> Server::AcceptLoop() {
    for (;;) {
        tcp::socket socket(net::make_strand(ioc_));
        auto [ec] = co_await acceptor_.async_accept(socket, kTuple);
        if (draining_) {
            if (!ec) Admit(std::move(socket));
            CloseListener();
            co_return;
        }
        if (ec) {
            if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
            spdlog::warn("accept failed: {}", ec.message());
            if (ec == net::error::no_descriptors) {
                net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(100));
                co_await pause.async_wait(kTuple);
            }
            continue;
        }
        Admit(std::move(socket));
    }
}

void Server::CloseListener() {
    // Connections the kernel completed before the stop wait in the backlog, their requests
    // perhaps sent already; closing the listener would reset them unanswered. Each gets its 503.
    boost::system::error_code ec;
    acceptor_.non_blocking(true, ec);
    while (!ec) {
        tcp::socket socket(net::make_strand(ioc_));
        acceptor_.accept(socket, ec);
        if (!ec) Admit(std::move(socket));
    }
    acceptor_.close(ec);
    std::lock_guard lock(mutex_);
    listener_closed_ = true;
    drained_.notify_all();
}

void Server::Admit(tcp::socket socket) {
    if (stats_.connections_open.load() >= options_.max_connections) {
        ++stats_.connections_refused;
        boost::system::error_code ignored;
        socket.close(ignored);
        // Shedding is what the cap is for, but an operator must see it: one line per 10 s.
        ++refused_unlogged_;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_refusal_warning_ >= std::chrono::seconds(10)) {
            spdlog::warn("connection cap of {} reached: closed {} new connection(s) on accept",
                         options_.max_connections, refused_unlogged_);
            refused_unlogged_ = 0;
            last_refusal_warning_ = now;
        }
        return;
    }
    // Without TCP_NODELAY the small last segment of a chunked response waits for the
    // client's delayed ACK: 40 ms per streamed response on a keep-alive connection.
    boost::system::error_code nodelay_ec;
    socket.set_option(net::ip::tcp::no_delay(true), nodelay_ec);
    auto connection = std::make_shared<Connection>(std::move(socket));
    {
        std::lock_guard lock(mutex_);
        connections_.emplace(connection.get(), connection);
    }
    ++stats_.connections_open;
    net::co_spawn(connection->stream.get_executor(), Session(connection), net::detached);
}

net::awaitable<void> Server::Session(std::shared_ptr<Connection> connection) {
    beast::tcp_stream& stream = connection->stream;
    boost::system::error_code ignored;
    const auto remote = stream.socket().remote_endpoint(ignored);
    const std::string client_ip = ignored ? "-" : remote.address().to_string();
    beast::flat_buffer buffer;
    bool refused = false;  // answered a framing error or an oversized body, then stopped reading

    // A draining server still reads a new connection's first request, to answer it 503.
    for (bool first = true; first || !draining_; first = false) {
        // Wait for the next request: a short wait on a new connection, the keep-alive idle
        // timeout between requests.
        if (buffer.size() == 0) {
            connection->idle = true;
            stream.expires_after(first ? options_.header_timeout : options_.idle_timeout);
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
            connection->idle = false;
            if (ec) break;
            buffer.commit(n);
        }

        // The head, in full, within the header timeout.
        const auto started = std::chrono::steady_clock::now();
        stream.expires_after(options_.header_timeout);
        HeaderScan scan = ScanHeader(View(buffer), options_.header_limit);
        bool lost = false;
        while (scan.state == HeaderScan::State::kNeedMore) {
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
            if (ec) {
                lost = true;
                break;
            }
            buffer.commit(n);
            scan = ScanHeader(View(buffer), options_.header_limit);
        }
        if (lost) break;

        const auto refuse = [&](Status status, std::string_view code, std::string reason)
            -> net::awaitable<void> {
            refused = true;
            const std::string request_id = MakeRequestId({});
            Response response = Response::Error(status, code, reason);
            pipeline_.Finish(response, nullptr, request_id);
            co_await Write(stream, response, 11, false, false, options_.write_timeout, workers_);
            LogAccess({"-", "-", static_cast<unsigned>(status), 0, started, request_id, client_ip, {}});
            if (options_.metrics != nullptr) {
                options_.metrics->ObserveRequest("invalid", "-", static_cast<unsigned>(status),
                                                 std::chrono::steady_clock::now() - started);
            }
        };
        if (scan.state == HeaderScan::State::kRejected) {
            const std::string_view code = scan.status == Status::bad_request ? "bad_request"
                                          : scan.status == Status::http_version_not_supported
                                              ? "http_version_not_supported"
                                              : "headers_too_large";
            co_await refuse(scan.status, code, "Bad request: " + scan.reason);
            break;
        }

        bh::request_parser<bh::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options_.header_limit + 2));
        parser.body_limit(options_.body_limit);
        beast::error_code parse_error;
        parser.put(net::buffer(buffer.data().data(), scan.header_end), parse_error);
        buffer.consume(scan.header_end);
        const auto length = parser.is_header_done() ? parser.content_length() : boost::none;
        // Beast applies the body limit as soon as it reads Content-Length.
        if (parse_error == bh::error::body_limit || (length && *length > options_.body_limit)) {
            // Refused before reading a byte of it: a 10 GiB claim costs nothing.
            co_await refuse(Status::payload_too_large, "payload_too_large",
                            "Request body too large (limit " + std::to_string(options_.body_limit) + " bytes)");
            break;
        }
        if (parse_error || !parser.is_header_done()) {
            co_await refuse(Status::bad_request, "bad_request", "Bad request: " + parse_error.message());
            break;
        }
        if (!parser.is_done()) {
            const auto expect = parser.get()[bh::field::expect];
            if (beast::iequals(expect, "100-continue")) {
                static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                stream.expires_after(options_.write_timeout);
                auto [ec, n] = co_await net::async_write(stream, net::buffer(kContinue), kTuple);
                if (ec) break;
            }
            stream.expires_after(options_.body_timeout);
            auto [ec, n] = co_await bh::async_read(stream, buffer, parser, kTuple);
            if (ec == bh::error::body_limit) {
                co_await refuse(Status::payload_too_large, "payload_too_large",
                                "Request body too large (limit " + std::to_string(options_.body_limit) + " bytes)");
                break;
            }
            if (ec) {
                if (ec != beast::error::timeout && ec != net::error::eof && ec != bh::error::end_of_stream) {
                    co_await refuse(Status::bad_request, "bad_request", "Bad request: " + ec.message());
                }
                break;
            }
        }

        Request request = parser.release();
        const bool head = request.method() == bh::verb::head;
        Prepared prepared = pipeline_.Prepare(request, client_ip, MakeRequestId(request["X-Request-Id"]));
        const std::string id = prepared.context->request_id;
        Response response;
        if (draining_) {
            // Read after the stop began: refused whole rather than started, so the drain ends
            // soon and the client knows it may retry elsewhere (no Connection: keep-alive).
            response = ErrorResponse(domain::Error(domain::Errc::kUnavailable,
                                                   "The server is shutting down; retry shortly")
                                         .WithRetryAfter(1));
        } else if (prepared.early) {
            response = std::move(*prepared.early);
        } else if (prepared.run_on == RunOn::kIoThread) {
            response = pipeline_.Execute(prepared);
        } else {
            // A short read answered here saves two thread hand-offs, which cost a cached
            // dashboard page a fifth of its throughput (bench/README.md).
            std::optional<Response> answered;
            if (options_.snapshot_feed != nullptr && prepared.route->options.reads_version) {
                prepared.context->snapshot = co_await NextSnapshot(*options_.snapshot_feed);
                if (prepared.context->snapshot) answered = pipeline_.ExecuteWithoutWaiting(prepared);
            } else if (prepared.run_on == RunOn::kShortRead && options_.short_reads_on_io_threads) {
                answered = pipeline_.ExecuteWithoutWaiting(prepared);
            }
            if (answered) {
                response = std::move(*answered);
            } else {
                auto& pool = prepared.run_on == RunOn::kHashing                       ? hashing_
                             : writes_ != nullptr && ChangesData(request.method()) ? *writes_
                                                                                   : workers_;
                response = co_await Offload(pool, [&] { return pipeline_.Execute(prepared); });
            }
        }
        pipeline_.Finish(response, &request, id);
        const bool live = response.live && !head;
        const bool keep_alive = request.keep_alive() && !draining_ && !live;
        const auto status = static_cast<unsigned>(response.status);
        const auto sent =
            live ? co_await WriteLive(stream, response, request.version(), options_.write_timeout, draining_)
                 : co_await Write(stream, response, request.version(), keep_alive, head,
                                  options_.write_timeout, workers_);
        const auto& ctx = *prepared.context;
        if (options_.metrics != nullptr) {
            // Unrouted requests (static files, 404s) share one series: raw paths would explode it.
            const std::string_view route = prepared.route != nullptr ? std::string_view(prepared.route->pattern)
                                                                    : std::string_view("unrouted");
            options_.metrics->ObserveRequest(route, request.method_string(), status,
                                             std::chrono::steady_clock::now() - started);
        }
        LogAccess({std::string(request.method_string()), ctx.path, status, sent.value_or(0), started,
                   id, client_ip, ctx.actor ? ctx.actor->username : std::string()});
        connection->served = true;
        if (!sent || !keep_alive) break;
    }

    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (refused) {
        // Lingering close: the client may still be sending the body we refused. Closing with
        // unread bytes would reset the connection and could destroy our answer before the
        // client reads it, so read and drop what comes, within half a second and 1 MiB.
        stream.expires_after(std::chrono::milliseconds(500));
        std::size_t drained = 0;
        while (drained < options_.body_limit) {
            buffer.clear();
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
            if (ec) break;
            drained += n;
        }
    }
    stream.close();
    {
        std::lock_guard lock(mutex_);
        connections_.erase(connection.get());
        --stats_.connections_open;
    }
    drained_.notify_all();
}

}  // namespace ticketing::http
