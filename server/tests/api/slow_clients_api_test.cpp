// Issue 7 item 3: 50 connections that trickle their request head a byte a second are closed by
// the 10 s header timeout, while normal requests keep answering in under a second.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

using namespace std::chrono_literals;

class SlowClientsApi : public ApiTest {};

int Connect(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
    return fd;
}

// True once the peer has closed: a read returns 0 (or fails) instead of would-block.
bool ClosedByPeer(int fd) {
    char buffer[512];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
    return ClosedByPeer(fd);  // an error response before the close: read on
}

TEST_F(SlowClientsApi, TricklingHeadsAreCutOffWhileOthersAreServed) {
    constexpr int kSlow = 50;
    std::vector<int> fds;
    for (int i = 0; i < kSlow; ++i) {
        const int fd = Connect(server().port());
        ASSERT_GE(fd, 0);
        const std::string start = "GET /api/auth/me HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        ASSERT_EQ(::send(fd, start.data(), start.size(), MSG_NOSIGNAL), static_cast<ssize_t>(start.size()));
        fds.push_back(fd);
    }
    const auto opened = std::chrono::steady_clock::now();
    std::vector<std::chrono::steady_clock::duration> closed_after(kSlow, std::chrono::steady_clock::duration::zero());
    std::atomic<bool> stop{false};
    std::thread trickler([&] {
        while (!stop.load()) {
            for (int i = 0; i < kSlow; ++i) {
                if (closed_after[static_cast<std::size_t>(i)] != std::chrono::steady_clock::duration::zero()) continue;
                const bool gone = ::send(fds[static_cast<std::size_t>(i)], "a", 1, MSG_NOSIGNAL) != 1 ||
                                  ClosedByPeer(fds[static_cast<std::size_t>(i)]);
                if (gone) closed_after[static_cast<std::size_t>(i)] = std::chrono::steady_clock::now() - opened;
            }
            std::this_thread::sleep_for(250ms);
        }
    });

    // Meanwhile: a normal client, authenticated, every 250 ms for 13 s.
    std::chrono::steady_clock::duration slowest{};
    int served = 0;
    while (std::chrono::steady_clock::now() - opened < 13s) {
        const auto started = std::chrono::steady_clock::now();
        const auto res = http().Get("/api/auth/me", admin().auth);
        slowest = std::max(slowest, std::chrono::steady_clock::now() - started);
        EXPECT_EQ(res.status, 200);
        ++served;
        std::this_thread::sleep_for(250ms);
    }
    stop = true;
    trickler.join();
    for (const int fd : fds) ::close(fd);

    EXPECT_GT(served, 20);
    EXPECT_LT(slowest, 1s) << "slowest normal request took "
                           << std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count() << " ms";
    for (int i = 0; i < kSlow; ++i) {
        const auto after = closed_after[static_cast<std::size_t>(i)];
        ASSERT_NE(after, std::chrono::steady_clock::duration::zero()) << "slow connection " << i << " still open after 13 s";
        EXPECT_GE(after, 9s) << "closed before the header timeout";
        EXPECT_LE(after, 12s + 500ms) << "closed late";
    }
}

}  // namespace
}  // namespace ticketing::testing
