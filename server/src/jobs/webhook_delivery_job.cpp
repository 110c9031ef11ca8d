#include "jobs/webhook_delivery_job.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "auth/api_key.hpp"
#include "domain/errors.hpp"
#include "domain/webhook.hpp"
#include "http/json/event_json.hpp"
#include "platform/logging.hpp"
#include "platform/version.hpp"

namespace ticketing::jobs {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace bh = beast::http;
using tcp = net::ip::tcp;

constexpr std::size_t kResponseBodyLimit = 64 * 1024;
constexpr std::size_t kErrorSnippet = 200;
constexpr auto kPruneInterval = std::chrono::hours(1);
constexpr auto kFirstPrune = std::chrono::minutes(1);

std::string Snippet(std::string_view body) {
    std::string out;
    for (const char c : body.substr(0, kErrorSnippet)) {
        const auto u = static_cast<unsigned char>(c);
        out += u < 0x20 || u == 0x7f ? ' ' : c;
    }
    return out;
}

bh::request<bh::string_body> BuildRequest(const app::ClaimedDelivery& d,
                                          const domain::WebhookTarget& target,
                                          std::int64_t now_ms) {
    const std::string timestamp = std::to_string(now_ms / 1000);
    bh::request<bh::string_body> req{bh::verb::post, target.target, 11};
    req.set(bh::field::host, target.host_header);
    req.set(bh::field::user_agent, std::string("TicketingSystem-Webhooks/") + platform::kVersion);
    req.set(bh::field::content_type, "application/json");
    req.set("X-Ticketing-Event",
            d.event_type ? http::json::EventTypeName(*d.event_type) : http::json::kPingName);
    req.set("X-Ticketing-Delivery", d.id);
    req.set("X-Ticketing-Timestamp", timestamp);
    req.set("X-Ticketing-Signature",
            "sha256=" + auth::HmacSha256Hex(d.secret, timestamp + "." + d.payload));
    req.keep_alive(false);
    req.body() = d.payload;
    req.prepare_payload();
    return req;
}

// Sends the request on a connected stream and reads the answer: its status decides; the body
// (up to 64 KiB) only explains a failure.
template <class Stream>
net::awaitable<void> Exchange(Stream& stream, bh::request<bh::string_body>& req,
                              app::AttemptResult& out) {
    co_await bh::async_write(stream, req, net::use_awaitable);
    beast::flat_buffer buffer;
    bh::response_parser<bh::string_body> parser;
    parser.body_limit(kResponseBodyLimit);
    co_await bh::async_read_header(stream, buffer, parser, net::use_awaitable);
    const int status = static_cast<int>(parser.get().result_int());
    out.status_code = status;
    out.delivered = status >= 200 && status < 300;
    // Read the rest so the receiver is not reset mid-answer; a body that is too long or cut
    // short changes nothing: the status line was the answer.
    [[maybe_unused]] const auto [ec, n] =
        co_await bh::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
    if (!out.delivered) {
        std::string message = "HTTP " + std::to_string(status);
        if (!parser.get().body().empty()) message += ": " + Snippet(parser.get().body());
        out.error = message;
    }
}

// Everything one attempt's watchdog may touch, kept alive until both are done with it.
struct Connection {
    Connection(const net::any_io_executor& ex, ssl::context& tls)
        : resolver(ex), stream(ex, tls), watchdog(ex) {}
    tcp::resolver resolver;
    ssl::stream<tcp::socket> stream;
    net::steady_timer watchdog;
    bool timed_out = false;

    void Abort() {
        resolver.cancel();
        boost::system::error_code ignored;
        stream.next_layer().close(ignored);
    }
};

net::awaitable<void> Attempt(const app::ClaimedDelivery& d, ssl::context& tls,
                             std::chrono::milliseconds timeout, std::int64_t now_ms,
                             app::AttemptResult& out) {
    const auto started = std::chrono::steady_clock::now();
    auto c = std::make_shared<Connection>(co_await net::this_coro::executor, tls);
    c->watchdog.expires_after(timeout);
    c->watchdog.async_wait([c](const boost::system::error_code& ec) {
        if (ec) return;
        c->timed_out = true;
        c->Abort();
    });
    try {
        domain::WebhookTarget target = domain::ParseWebhookUrl(d.url);
        auto req = BuildRequest(d, target, now_ms);
        const auto endpoints = co_await c->resolver.async_resolve(
            target.host, std::to_string(target.port), net::use_awaitable);
        co_await net::async_connect(c->stream.next_layer(), endpoints, net::use_awaitable);
        if (target.tls) {
            // SNI, then the certificate must be valid for the host we asked for.
            SSL_ctrl(c->stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                     TLSEXT_NAMETYPE_host_name, static_cast<void*>(target.host.data()));
            c->stream.set_verify_mode(ssl::verify_peer);
            c->stream.set_verify_callback(ssl::host_name_verification(target.host));
            co_await c->stream.async_handshake(ssl::stream_base::client, net::use_awaitable);
            co_await Exchange(c->stream, req, out);
        } else {
            co_await Exchange(c->stream.next_layer(), req, out);
        }
    } catch (const domain::Error& e) {
        out.error = e.what();
    } catch (const boost::system::system_error& e) {
        out.error = c->timed_out ? "timed out after " + std::to_string(timeout.count()) + " ms"
                                 : e.code().message();
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    c->watchdog.cancel();
    c->Abort();
    out.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
}

}  // namespace

struct WebhookDeliveryJob::Impl {
    Impl(app::WebhookOutbox& o, const platform::Clock& c, WebhookDeliveryOptions opts)
        : outbox(o), clock(c), options(opts), tls(ssl::context::tls_client) {
        tls.set_default_verify_paths();
        tls.set_verify_mode(ssl::verify_peer);
        SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    }
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<std::uint64_t> failed_attempts{0};
    std::atomic<std::uint64_t> given_up{0};

    app::WebhookOutbox& outbox;
    const platform::Clock& clock;
    WebhookDeliveryOptions options;
    ssl::context tls;
    std::mutex io_mutex;
    net::io_context* io = nullptr;  // the round in progress, for Stop()
    std::mutex run_mutex;           // one round at a time (the loop, or a test calling RunOnce)
    std::mutex mutex;
    std::condition_variable wake;
    bool woken = false;
    std::atomic<bool> stopping = false;
    std::thread thread;

    void Loop(std::chrono::milliseconds first_delay, WebhookDeliveryJob& job);
};

void WebhookDeliveryJob::Impl::Loop(std::chrono::milliseconds first_delay,
                                    WebhookDeliveryJob& job) {
    auto wait = first_delay;
    auto next_prune = std::chrono::steady_clock::now() + kFirstPrune;
    for (;;) {
        {
            std::unique_lock lock(mutex);
            wake.wait_for(lock, wait, [this] { return stopping.load() || woken; });
            if (stopping) return;
            woken = false;
        }
        int attempted = 0;
        try {
            attempted = job.RunOnce();
        } catch (const std::exception& e) {
            spdlog::error("webhook delivery: {}", platform::EscapeForLog(e.what()));
        }
        if (std::chrono::steady_clock::now() >= next_prune) {
            next_prune = std::chrono::steady_clock::now() + kPruneInterval;
            try {
                const int removed = outbox.Prune(options.retention_ms);
                if (removed > 0) spdlog::info("webhook delivery: pruned {} old row(s)", removed);
            } catch (const std::exception& e) {
                spdlog::error("webhook delivery: pruning failed: {}",
                              platform::EscapeForLog(e.what()));
            }
        }
        // A full batch means more may be due: go again at once.
        wait = attempted >= options.batch ? std::chrono::milliseconds(0) : options.poll_interval;
    }
}

WebhookDeliveryJob::WebhookDeliveryJob(app::WebhookOutbox& outbox, const platform::Clock& clock,
                                       WebhookDeliveryOptions options)
    : impl_(std::make_unique<Impl>(outbox, clock, options)) {}

WebhookDeliveryJob::~WebhookDeliveryJob() { Stop(); }

void WebhookDeliveryJob::Start(std::chrono::milliseconds first_delay) {
    impl_->thread = std::thread([this, first_delay] { impl_->Loop(first_delay, *this); });
}

void WebhookDeliveryJob::Stop() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    {
        std::lock_guard lock(impl_->io_mutex);
        if (impl_->io != nullptr) impl_->io->stop();
    }
    impl_->wake.notify_all();
    if (impl_->thread.joinable()) impl_->thread.join();
}

void WebhookDeliveryJob::Wake() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->woken = true;
    }
    impl_->wake.notify_all();
}

WebhookDeliveryJob::Counters WebhookDeliveryJob::counters() const {
    return {impl_->delivered.load(), impl_->failed_attempts.load(), impl_->given_up.load()};
}

int WebhookDeliveryJob::RunOnce() {
    std::lock_guard run(impl_->run_mutex);
    if (impl_->stopping) return 0;
    const auto lease = impl_->options.attempt_timeout + std::chrono::minutes(1);
    const auto claimed = impl_->outbox.Claim(impl_->options.batch, lease.count());
    if (claimed.empty()) return 0;

    const std::int64_t now = impl_->clock.NowMs();
    std::vector<app::CompletedAttempt> attempts(claimed.size());
    std::vector<char> finished(claimed.size(), 0);
    // Declared after what its coroutines reference, so it is destroyed (with any attempt Stop()
    // cut short) before them.
    net::io_context io;
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        attempts[i].delivery = claimed[i];
        net::co_spawn(io,
                      Attempt(attempts[i].delivery, impl_->tls, impl_->options.attempt_timeout, now,
                              attempts[i].result),
                      [&attempts, &finished, i](const std::exception_ptr& error) {
                          finished[i] = 1;
                          if (error) attempts[i].result.error = "internal error";
                      });
    }
    {
        std::lock_guard lock(impl_->io_mutex);
        impl_->io = &io;
    }
    // Stop() may have come between the claim and here; then nothing is sent and the claims
    // simply expire.
    if (!impl_->stopping) io.run();
    {
        std::lock_guard lock(impl_->io_mutex);
        impl_->io = nullptr;
    }

    std::vector<app::CompletedAttempt> done;
    for (std::size_t i = 0; i < attempts.size(); ++i) {
        if (finished[i] == 0) continue;
        const auto& [delivery, result] = attempts[i];
        if (result.delivered) {
            ++impl_->delivered;
        } else {
            ++impl_->failed_attempts;
        }
        if (!result.delivered && delivery.attempt >= domain::kMaxDeliveryAttempts) {
            ++impl_->given_up;
            spdlog::warn("webhook delivery {} to {} failed for good after {} attempts: {}",
                         delivery.id, platform::EscapeForLog(delivery.url), delivery.attempt,
                         platform::EscapeForLog(result.error.value_or("")));
        }
        done.push_back(attempts[i]);
    }
    impl_->outbox.Complete(done);
    return static_cast<int>(done.size());
}

}  // namespace ticketing::jobs
