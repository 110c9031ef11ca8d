#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ticketing::testing::reliability {

// A TCP connection to 127.0.0.1:port, or -1. Non-blocking sockets may still be connecting
// (EINPROGRESS) when this returns.
[[nodiscard]] int ConnectLoopback(std::uint16_t port, bool nonblocking = false);

struct RawExchangeResult {
    std::string received;
    bool connected = false;
    bool closed = false;     // the server closed the connection (FIN or reset) in time
    bool timed_out = false;  // still open when the timeout passed
    std::chrono::milliseconds elapsed{0};
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
    int status = 0;
    Headers headers;
    std::string body;
};

// A plain HTTP/1.1 client, one connection per request, independent of the API tests' client
// (which also checks responses against docs/openapi.yaml: not this suite's business). Throws
// boost::system::system_error when the server cannot be reached or the exchange breaks off.
class Client {
public:
    explicit Client(std::uint16_t port) : port_(port) {}

    [[nodiscard]] Reply Request(std::string_view method, std::string_view target,
                                std::string_view body = {}, const Headers& headers = {}) const;
    [[nodiscard]] Reply Get(std::string_view target, const Headers& headers = {}) const {
        return Request("GET", target, {}, headers);
    }
    // JSON bodies: Content-Type: application/json is added.
    [[nodiscard]] Reply Post(std::string_view target, std::string_view json,
                             const Headers& headers = {}) const;
    [[nodiscard]] Reply Patch(std::string_view target, std::string_view json,
                              const Headers& headers = {}) const;

private:
    std::uint16_t port_;
};

// Connects to 127.0.0.1:port, sends `bytes`, then (with half_close) shuts down its sending side
// so the server knows no more is coming, and reads until the server closes or `timeout` passes.
RawExchangeResult SendRaw(std::uint16_t port, std::string_view bytes,
                          std::chrono::milliseconds timeout, bool half_close = true);

// The status code of every response in `received`: each "HTTP/1.x NNN" that starts the data or
// a line.
[[nodiscard]] std::vector<int> StatusCodes(std::string_view received);

// The body of the first response in `received` (after its blank line; chunked bodies undecoded).
[[nodiscard]] std::string_view FirstBody(std::string_view received);

}  // namespace ticketing::testing::reliability
