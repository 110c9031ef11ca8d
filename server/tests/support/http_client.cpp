#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>
#include <poll.h>

#include <cctype>

#include "openapi_contract.hpp"

namespace ticketing::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bh = beast::http;
using tcp = net::ip::tcp;

namespace {

bool SameName(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

Headers WithJson(const Headers& headers) {
    Headers out = headers;
    bool has_type = false;
    for (const auto& [name, value] : headers) has_type = has_type || SameName(name, "Content-Type");
    if (!has_type) out.emplace_back("Content-Type", "application/json");
    return out;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (SameName(key, name)) return value;
    }
    return {};
}

bool HttpResponse::HasHeader(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (SameName(key, name)) return true;
    }
    return false;
}

boost::json::value HttpResponse::Json() const {
    boost::system::error_code ec;
    auto value = boost::json::parse(body, ec);
    EXPECT_FALSE(ec) << "response is not JSON (" << status << "): " << body.substr(0, 300);
    return value;
}

HttpResponse HttpClient::Request(std::string_view method, std::string_view target,
                                 std::string_view body, const Headers& headers) const {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
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
    stream.expires_after(std::chrono::seconds(60));
    // A server may answer early and stop reading (413 on an oversized body); as real clients
    // do, read its answer even when the rest of the request could not be written.
    beast::error_code write_error;
    bh::write(stream, req, write_error);
    if (write_error && write_error != net::error::broken_pipe &&
        write_error != net::error::connection_reset) {
        throw beast::system_error(write_error);
    }
    beast::flat_buffer buffer;
    bh::response_parser<bh::string_body> parser;
    parser.body_limit(512 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    bh::read(stream, buffer, parser);
    const auto& res = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = res.body();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    // Every response a test receives must match docs/openapi.yaml.
    for (const auto& problem : OpenApiContract::Served().Check(method, target, out)) {
        ADD_FAILURE() << "docs/openapi.yaml: " << problem;
    }
    return out;
}

HttpResponse HttpClient::Post(std::string_view target, std::string_view json, const Headers& headers) const {
    return Request("POST", target, json, WithJson(headers));
}

HttpResponse HttpClient::Put(std::string_view target, std::string_view json, const Headers& headers) const {
    return Request("PUT", target, json, WithJson(headers));
}

HttpResponse HttpClient::Patch(std::string_view target, std::string_view json, const Headers& headers) const {
    return Request("PATCH", target, json, WithJson(headers));
}

std::string RawExchange(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    boost::system::error_code ec;
    net::write(socket, net::buffer(bytes.data(), bytes.size()), ec);
    std::string received;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[8192];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd pfd{socket.native_handle(), POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
        const std::size_t n = socket.read_some(net::buffer(buf), ec);
        if (ec) break;
        received.append(buf, n);
    }
    return received;
}

std::string UrlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

}  // namespace ticketing::testing
