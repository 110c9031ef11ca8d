#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "http_client.hpp"

namespace ticketing::testing {

// One SSE event as a client parses it.
struct SseEvent {
    std::string id;
    std::string event;
    std::string data;
};

// Opens GET /api/events (or any streaming GET) on a socket of its own and reads the chunked
// body as it arrives, for the live-update tests.
class SseClient {
public:
    SseClient(std::uint16_t port, std::string target, const Headers& headers);
    ~SseClient();
    SseClient(const SseClient&) = delete;
    SseClient& operator=(const SseClient&) = delete;

    // The status code and headers (read by the constructor).
    [[nodiscard]] int status() const { return status_; }
    [[nodiscard]] const std::string& head() const { return head_; }

    // Reads until `done(events so far)` holds or `timeout` passes; returns every event parsed
    // since the stream opened.
    const std::vector<SseEvent>& ReadUntil(const std::function<bool(const std::vector<SseEvent>&)>& done,
                                           std::chrono::milliseconds timeout);
    // The decoded body so far (comments and retry lines included).
    [[nodiscard]] const std::string& text() const { return text_; }
    // True once the server ended the body or closed the connection.
    [[nodiscard]] bool ended() const { return ended_; }

private:
    bool ReadSome(std::chrono::milliseconds timeout);
    void Decode();
    void Parse();

    int fd_ = -1;
    int status_ = 0;
    std::string head_;
    std::string raw_;   // undecoded chunked bytes
    std::string text_;  // decoded body
    std::size_t parsed_ = 0;
    bool ended_ = false;
    std::vector<SseEvent> events_;
};

}  // namespace ticketing::testing
