#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ticketing::testing {

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // Case-insensitive; "" when absent.
    [[nodiscard]] std::string Header(std::string_view name) const;
    [[nodiscard]] bool HasHeader(std::string_view name) const;
    // The body as JSON (fails the test if it is not JSON).
    [[nodiscard]] boost::json::value Json() const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// A plain HTTP/1.1 client for the API tests: one connection per request.
class HttpClient {
public:
    explicit HttpClient(std::uint16_t port) : port_(port) {}

    HttpResponse Request(std::string_view method, std::string_view target, std::string_view body = {},
                         const Headers& headers = {}) const;
    HttpResponse Get(std::string_view target, const Headers& headers = {}) const {
        return Request("GET", target, {}, headers);
    }
    // JSON bodies are sent with Content-Type: application/json.
    HttpResponse Post(std::string_view target, std::string_view json, const Headers& headers = {}) const;
    HttpResponse Put(std::string_view target, std::string_view json, const Headers& headers = {}) const;
    HttpResponse Patch(std::string_view target, std::string_view json, const Headers& headers = {}) const;
    HttpResponse Delete(std::string_view target, const Headers& headers = {}) const {
        return Request("DELETE", target, {}, headers);
    }

    [[nodiscard]] std::uint16_t port() const { return port_; }

private:
    std::uint16_t port_;
};

// Sends raw bytes and returns everything the server sends back until it closes the connection
// or `timeout` passes (for framing and smuggling tests).
std::string RawExchange(std::uint16_t port, std::string_view bytes,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));

// Percent-encodes a query parameter value.
std::string UrlEncode(std::string_view text);

}  // namespace ticketing::testing
