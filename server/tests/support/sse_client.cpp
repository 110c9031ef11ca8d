#include "sse_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace ticketing::testing {

SseClient::SseClient(std::uint16_t port, std::string target, const Headers& headers) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        throw std::runtime_error("connect failed");
    }
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        throw std::runtime_error("send failed");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::size_t end = std::string::npos;
    while ((end = raw_.find("\r\n\r\n")) == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline || !ReadSome(std::chrono::seconds(10))) {
            throw std::runtime_error("no response head");
        }
    }
    head_ = raw_.substr(0, end + 2);
    raw_.erase(0, end + 4);
    status_ = std::stoi(head_.substr(9, 3));
    Decode();
}

SseClient::~SseClient() {
    if (fd_ >= 0) ::close(fd_);
}

bool SseClient::ReadSome(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
        ended_ = true;
        return false;
    }
    raw_.append(buffer, static_cast<std::size_t>(n));
    return true;
}

void SseClient::Decode() {
    // Chunked transfer: <hex size>\r\n<bytes>\r\n ... 0\r\n\r\n
    for (;;) {
        const auto line_end = raw_.find("\r\n");
        if (line_end == std::string::npos) return;
        const std::size_t size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
        if (size == 0) {
            ended_ = true;
            raw_.clear();
            return;
        }
        if (raw_.size() < line_end + 2 + size + 2) return;
        text_.append(raw_, line_end + 2, size);
        raw_.erase(0, line_end + 2 + size + 2);
    }
}

void SseClient::Parse() {
    for (;;) {
        const auto end = text_.find("\n\n", parsed_);
        if (end == std::string::npos) return;
        const std::string block = text_.substr(parsed_, end - parsed_);
        parsed_ = end + 2;
        SseEvent event;
        bool any = false;
        std::size_t pos = 0;
        while (pos <= block.size()) {
            auto nl = block.find('\n', pos);
            if (nl == std::string::npos) nl = block.size();
            const std::string line = block.substr(pos, nl - pos);
            pos = nl + 1;
            if (line.rfind("id: ", 0) == 0) {
                event.id = line.substr(4);
                any = true;
            } else if (line.rfind("event: ", 0) == 0) {
                event.event = line.substr(7);
                any = true;
            } else if (line.rfind("data: ", 0) == 0) {
                event.data += line.substr(6);
                any = true;
            }
        }
        if (any && !event.event.empty()) events_.push_back(std::move(event));
    }
}

const std::vector<SseEvent>& SseClient::ReadUntil(
    const std::function<bool(const std::vector<SseEvent>&)>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    Parse();
    while (!done(events_) && !ended_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        if (ReadSome(left)) {
            Decode();
            Parse();
        }
    }
    return events_;
}

}  // namespace ticketing::testing
