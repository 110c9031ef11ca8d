#include "fuzz_support.hpp"

#include <arpa/inet.h>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/events.hpp"
#include "app/seed.hpp"
#include "http/framing.hpp"
#include "platform/clock.hpp"
#include "platform/config.hpp"
#include "platform/logging.hpp"
#include "runtime/runtime.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"

namespace ticketing::fuzz {
namespace {

// connect() interrupted by a signal (libFuzzer's timeout alarm) goes on in the background: wait
// for it to finish and read its outcome, rather than calling it a refusal.
bool Connected(int fd, const sockaddr_in& addr) {
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return true;
    if (errno != EINTR && errno != EINPROGRESS) return false;
    pollfd p{fd, POLLOUT, 0};
    int ready = 0;
    do {
        ready = ::poll(&p, 1, 5000);
    } while (ready < 0 && errno == EINTR);
    if (ready <= 0) return false;
    int error = 0;
    socklen_t length = sizeof error;
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
}


namespace bh = boost::beast::http;

constexpr std::size_t kHeaderLimit = 8192;
constexpr std::size_t kBodyLimit = 1024 * 1024;
constexpr const char* kSecret = "fuzz-secret-0123456789abcdef0123456789abcdef";
constexpr const char* kAdminPassword = "fuzz-admin-password-0123";

std::filesystem::path MakeTempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/ticketing-fuzz-XXXXXX";
    Require(::mkdtemp(pattern.data()) != nullptr, "mkdtemp failed");
    return pattern;
}

void Replace(std::string& text, std::string_view from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size())) {
        text.replace(pos, from.size(), to);
    }
}

std::vector<int> StatusCodes(std::string_view received) {
    std::vector<int> codes;
    for (std::size_t pos = 0; pos < received.size();) {
        const bool line_start = pos == 0 || received.substr(pos - 2, 2) == "\r\n";
        if (line_start && received.substr(pos, 7) == "HTTP/1." && pos + 12 <= received.size() &&
            std::isdigit(static_cast<unsigned char>(received[pos + 9])) != 0 &&
            std::isdigit(static_cast<unsigned char>(received[pos + 10])) != 0 &&
            std::isdigit(static_cast<unsigned char>(received[pos + 11])) != 0) {
            codes.push_back(std::stoi(std::string(received.substr(pos + 9, 3))));
        }
        const auto next = received.find("\r\n", pos);
        if (next == std::string_view::npos) break;
        pos = next + 2;
    }
    return codes;
}

Exchange SendTo(std::uint16_t port, std::string_view raw) {
    Exchange out;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    Require(fd >= 0, "socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Require(Connected(fd, addr), "the in-process server refused a connection");
    for (std::size_t sent = 0; sent < raw.size();) {
        const ssize_t n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // closed early: what it answered still counts
        sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    char buffer[16384];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd pfd{fd, POLLIN, 0};
        const int ready = left.count() > 0 ? ::poll(&pfd, 1, static_cast<int>(left.count())) : 0;
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            out.closed = true;
            break;
        }
        out.received.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    out.statuses = StatusCodes(out.received);
    return out;
}

std::string JsonString(std::string_view body, std::string_view member) {
    const std::string key = "\"" + std::string(member) + "\":\"";
    const auto at = body.find(key);
    if (at == std::string_view::npos) return {};
    const auto end = body.find('"', at + key.size());
    return std::string(body.substr(at + key.size(), end - at - key.size()));
}

}  // namespace

void Require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

std::string ToCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
        out += text[i];
    }
    return out;
}

std::optional<http::Request> ParseLikeTheServer(std::string_view raw) {
    const http::HeaderScan scan = http::ScanHeader(raw, kHeaderLimit);
    if (scan.state != http::HeaderScan::State::kComplete) return std::nullopt;
    Require(scan.header_end <= raw.size(), "ScanHeader: header_end past the data");
    bh::request_parser<bh::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(kHeaderLimit + 2));
    parser.body_limit(kBodyLimit);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(raw.data(), scan.header_end), ec);
    if (ec || !parser.is_header_done()) return std::nullopt;
    std::string_view body = raw.substr(scan.header_end);
    while (!parser.is_done()) {
        if (body.empty()) return std::nullopt;  // the session would wait for the rest
        const std::size_t used = parser.put(boost::asio::buffer(body.data(), body.size()), ec);
        if (ec == bh::error::need_more) ec = {};
        if (ec || used == 0) return std::nullopt;
        body.remove_prefix(used);
    }
    return parser.release();
}

struct ServerWorld::Impl {
    std::filesystem::path dir;
    std::unique_ptr<runtime::Runtime> runtime;
    std::uint16_t port = 0;
};

ServerWorld& ServerWorld::Get() {
    static const std::unique_ptr<ServerWorld> world(new ServerWorld());
    return *world;
}

ServerWorld::ServerWorld() : impl_(std::make_unique<Impl>()) {
    platform::SetupLogging(platform::LogFormat::kText, "off");
    impl_->dir = MakeTempDir();
    const platform::Environment env = {
        {"DATABASE_URL", "sqlite:" + (impl_->dir / "fuzz.db").string()},
        {"JWT_SECRET", kSecret},
        {"HOST", "127.0.0.1"},
        {"PORT", "0"},
        {"DATA_DIR", impl_->dir.string()},
        {"WORKER_THREADS", "2"},
        {"IO_THREADS", "1"},
    };
    runtime::RuntimeOptions options;
    options.config = platform::ParseConfig(env, {});
    options.start_jobs = false;
    {
        store::DatabaseOptions db_options;
        db_options.read_connections = 1;
        auto db = store::Database::Open(options.config.database, db_options);
        store::Migrator(*db).Apply();
        const platform::SystemClock clock;
        app::NullEventSink events;
        api_key_ = app::Seed({*db, clock, events}, std::string(kAdminPassword))
                       .goddard_api_key.value_or("");
        db->Shutdown();
    }
    Require(!api_key_.empty(), "the seed made no API key");
    impl_->runtime = std::make_unique<runtime::Runtime>(options);
    impl_->port = impl_->runtime->Start();
    const std::string login = std::string("{\"username\":\"admin\",\"password\":\"") +
                              kAdminPassword + "\"}";
    const auto answer = Send(
        "POST /api/auth/login HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(login.size()) + "\r\n\r\n" + login);
    token_ = JsonString(answer.received, "token");
    Require(!token_.empty(), "cannot log in to the in-process server");
}

ServerWorld::~ServerWorld() {
    impl_->runtime->Shutdown(std::chrono::milliseconds(0));
    impl_->runtime.reset();
    std::error_code ec;
    std::filesystem::remove_all(impl_->dir, ec);
}

std::string ServerWorld::Expand(std::string_view input) const {
    std::string text(input);
    Replace(text, "@KEY@", api_key_);
    Replace(text, "@TOKEN@", token_);
    return text;
}

Exchange ServerWorld::Send(std::string_view raw) const {
    Exchange out = SendTo(impl_->port, raw);
    Require(out.closed, "the connection was not closed within 5 s (a hang)");
    return out;
}

}  // namespace ticketing::fuzz
