#include "webhook_receiver.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace ticketing::testing {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace bh = beast::http;
using tcp = net::ip::tcp;

constexpr auto kTuple = net::as_tuple(net::use_awaitable);

std::string Lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string BioText(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void AddExtension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (ext == nullptr) throw std::runtime_error("cannot make a certificate extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

}  // namespace

std::string ReceivedRequest::Header(std::string_view name) const {
    const auto it = headers.find(Lower(name));
    return it == headers.end() ? std::string() : it->second;
}

TestCertificate MakeSelfSignedCertificate() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509* cert = X509_new();
    if (key == nullptr || cert == nullptr) throw std::runtime_error("cannot make a test key");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 7 * 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    const std::string cn = "ticketing test receiver";
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert, NID_subject_alt_name, "IP:127.0.0.1");
    X509_sign(cert, key, EVP_sha256());

    TestCertificate out;
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    out.certificate_pem = BioText(bio);
    BIO_free(bio);
    bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    out.private_key_pem = BioText(bio);
    BIO_free(bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    return out;
}

struct WebhookReceiver::Impl {
    net::io_context io;
    tcp::acceptor acceptor{io};
    std::optional<ssl::context> tls;
    std::thread thread;
    std::uint16_t port = 0;
    bool stopped = false;

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::vector<ReceivedRequest> received;
    int status = 200;
    std::string body = "ok";
    bool hang = false;

    template <class Stream>
    net::awaitable<void> Serve(Stream& stream) {
        beast::flat_buffer buffer;
        for (;;) {
            bh::request<bh::string_body> req;
            const auto [ec, n] = co_await bh::async_read(stream, buffer, req, kTuple);
            if (ec) co_return;
            ReceivedRequest record{
                std::string(req.method_string()), std::string(req.target()), {}, req.body()};
            for (const auto& field : req) {
                record.headers[Lower(field.name_string())] = std::string(field.value());
            }
            bh::response<bh::string_body> res;
            bool hanging = false;
            {
                std::lock_guard lock(mutex);
                received.push_back(std::move(record));
                res.result(static_cast<unsigned>(status));
                res.body() = body;
                hanging = hang;
            }
            changed.notify_all();
            if (hanging) {
                net::steady_timer forever(co_await net::this_coro::executor, std::chrono::hours(1));
                co_await forever.async_wait(kTuple);
                co_return;
            }
            res.version(11);
            res.set(bh::field::content_type, "text/plain");
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            const auto [wec, wn] = co_await bh::async_write(stream, res, kTuple);
            if (wec || !req.keep_alive()) co_return;
        }
    }

    net::awaitable<void> Session(tcp::socket socket) {
        if (!tls) {
            co_await Serve(socket);
            co_return;
        }
        ssl::stream<tcp::socket> stream(std::move(socket), *tls);
        const auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple);
        if (ec) co_return;
        co_await Serve(stream);
    }

    net::awaitable<void> Accept() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(kTuple);
            if (ec) co_return;
            net::co_spawn(io, Session(std::move(socket)), net::detached);
        }
    }
};

WebhookReceiver::WebhookReceiver(std::uint16_t port, const TestCertificate* tls)
    : impl_(std::make_unique<Impl>()) {
    if (tls != nullptr) {
        impl_->tls.emplace(ssl::context::tls_server);
        impl_->tls->use_certificate_chain(net::buffer(tls->certificate_pem));
        impl_->tls->use_private_key(net::buffer(tls->private_key_pem), ssl::context::pem);
    }
    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
    impl_->port = impl_->acceptor.local_endpoint().port();
    net::co_spawn(impl_->io, impl_->Accept(), net::detached);
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

WebhookReceiver::~WebhookReceiver() { Stop(); }

std::uint16_t WebhookReceiver::port() const { return impl_->port; }

std::string WebhookReceiver::Url(std::string_view path) const {
    return std::string(impl_->tls ? "https" : "http") +
           "://127.0.0.1:" + std::to_string(impl_->port) + std::string(path);
}

void WebhookReceiver::RespondWith(int status, std::string body) {
    std::lock_guard lock(impl_->mutex);
    impl_->status = status;
    impl_->body = std::move(body);
}

void WebhookReceiver::Hang() {
    std::lock_guard lock(impl_->mutex);
    impl_->hang = true;
}

void WebhookReceiver::Stop() {
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
}

std::vector<ReceivedRequest> WebhookReceiver::Received() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received;
}

std::vector<ReceivedRequest> WebhookReceiver::WaitFor(std::size_t count,
                                                      std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mutex);
    impl_->changed.wait_for(lock, timeout, [&] { return impl_->received.size() >= count; });
    return impl_->received;
}

std::uint16_t UnusedPort() {
    net::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

}  // namespace ticketing::testing
