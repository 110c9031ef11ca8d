#include "raw_http.hpp"

#include <arpa/inet.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>

namespace ticketing::testing::reliability {

Reply Client::Request(std::string_view method, std::string_view target, std::string_view body,
                      const Headers& headers) const {
    namespace net = boost::asio;
    namespace bh = boost::beast::http;
    net::io_context ioc;
    boost::beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    bh::request<bh::string_body> req;
    req.method_string(std::string(method));
    req.target(std::string(target));
    req.version(11);
    req.set(bh::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        req.body() = std::string(body);
        req.prepare_payload();
    }
    req.keep_alive(false);
    bh::write(stream, req);
    boost::beast::flat_buffer buffer;
    bh::response_parser<bh::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    bh::read(stream, buffer, parser);
    Reply reply;
    reply.status = static_cast<int>(parser.get().result_int());
    for (const auto& field : parser.get()) {
        reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    reply.body = std::move(parser.get().body());
    boost::beast::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    return reply;
}

Reply Client::Post(std::string_view target, std::string_view json, const Headers& headers) const {
    Headers with_type = headers;
    with_type.emplace_back("Content-Type", "application/json");
    return Request("POST", target, json, with_type);
}

Reply Client::Patch(std::string_view target, std::string_view json, const Headers& headers) const {
    Headers with_type = headers;
    with_type.emplace_back("Content-Type", "application/json");
    return Request("PATCH", target, json, with_type);
}

int ConnectLoopback(std::uint16_t port, bool nonblocking) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 &&
        !(nonblocking && errno == EINPROGRESS)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

RawExchangeResult SendRaw(std::uint16_t port, std::string_view bytes,
                          std::chrono::milliseconds timeout, bool half_close) {
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    RawExchangeResult result;
    const int fd = ConnectLoopback(port);
    if (fd < 0) return result;
    result.connected = true;
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the server closed early: what it answered still counts
        sent += static_cast<std::size_t>(n);
    }
    if (half_close) ::shutdown(fd, SHUT_WR);

    const auto deadline = started + timeout;
    char buffer[16384];
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            break;
        }
        pollfd pfd{fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) {
            result.timed_out = ready == 0;
            break;
        }
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            result.closed = true;
            break;
        }
        result.received.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return result;
}

std::vector<int> StatusCodes(std::string_view received) {
    std::vector<int> codes;
    std::size_t pos = 0;
    while (pos < received.size()) {
        const bool line_start = pos == 0 || (pos >= 2 && received.substr(pos - 2, 2) == "\r\n");
        if (line_start && received.substr(pos, 7) == "HTTP/1." && pos + 12 <= received.size() &&
            received[pos + 8] == ' ') {
            const auto code = received.substr(pos + 9, 3);
            if (std::isdigit(static_cast<unsigned char>(code[0])) != 0 &&
                std::isdigit(static_cast<unsigned char>(code[1])) != 0 &&
                std::isdigit(static_cast<unsigned char>(code[2])) != 0) {
                codes.push_back((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
            }
        }
        const auto next = received.find("\r\n", pos);
        if (next == std::string_view::npos) break;
        pos = next + 2;
    }
    return codes;
}

std::string_view FirstBody(std::string_view received) {
    const auto end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) return {};
    return received.substr(end + 4);
}

}  // namespace ticketing::testing::reliability
