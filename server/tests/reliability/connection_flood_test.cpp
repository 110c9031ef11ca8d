// Connection flood and idle connections (TESTPLAN REL-14), against the real (ASan + UBSan)
// binary. Soak tier only: skipped unless RELIABILITY_FLOOD_CONNECTIONS is set (`make soak`: 5,000).
//
// Three waves, one after the other, from plain non-blocking sockets on one epoll:
//   1. N connections that send nothing;
//   2. N connections that send half a request head and stop;
//   3. 1,000 keep-alive connections that get one answer each and then sit idle.
// The server holds at most max_connections (1,024) and closes the rest at once; it closes the
// silent and half-sent ones at the header timeout (10 s) and the idle keep-alive ones at the idle
// timeout (30 s). Meanwhile a client that connected before the flood keeps its keep-alive
// connection and lists tickets every 100 ms (every answer a 200), and a client opening a new
// connection per request every 250 ms is tallied (at the cap it is shed like everyone else: the
// server has no per-client fairness). Afterwards the server's descriptors return to the baseline.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "observe.hpp"
#include "raw_http.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// A connection the server closes within this long after it connected was shed at the cap.
constexpr double kShedWithinS = 2;


// What the server's descriptors point at ("socket", "anon_inode:[eventpoll]", a file's path),
// counted: the diff tells a leaked connection from a database connection the pool opened.
std::map<std::string, int> FdTargets(pid_t pid) {
    std::map<std::string, int> targets;
    std::error_code ec;
    for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
         !ec && it != end; it.increment(ec)) {
        std::error_code link_ec;
        std::string target = std::filesystem::read_symlink(it->path(), link_ec).string();
        if (target.rfind("socket:", 0) == 0) target = "socket";
        ++targets[link_ec ? std::string("?") : target];
    }
    return targets;
}

std::string DiffTargets(const std::map<std::string, int>& before, const std::map<std::string, int>& after) {
    std::map<std::string, int> all = before;
    for (const auto& [target, count] : after) all.emplace(target, 0);
    std::ostringstream out;
    for (const auto& [target, ignored] : all) {
        const int b = before.count(target) != 0 ? before.at(target) : 0;
        const int a = after.count(target) != 0 ? after.at(target) : 0;
        if (a != b) out << " " << target << " " << b << "→" << a << ";";
    }
    return out.str();
}

int Sockets(const std::map<std::string, int>& targets) {
    const auto it = targets.find("socket");
    return it == targets.end() ? 0 : it->second;
}


// Samples the server's fd count and VmRSS every 100 ms until stopped.
class Monitor {
public:
    explicit Monitor(pid_t pid) : pid_(pid) {
        thread_ = std::thread([this] {
            while (!stop_) {
                const int fds = CountFds(pid_);
                const double rss = RssMib(pid_);
                max_fds_ = std::max(max_fds_.load(), fds);
                {
                    std::lock_guard lock(mutex_);
                    max_rss_ = std::max(max_rss_, rss);
                }
                std::this_thread::sleep_for(milliseconds(100));
            }
        });
    }
    ~Monitor() { Stop(); }
    void Stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    [[nodiscard]] int max_fds() const { return max_fds_; }
    [[nodiscard]] double max_rss() {
        std::lock_guard lock(mutex_);
        return max_rss_;
    }

private:
    pid_t pid_;
    std::atomic<int> max_fds_{0};
    std::mutex mutex_;
    double max_rss_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// A client on one keep-alive connection, opened before the flood.
class KeepAliveClient {
public:
    explicit KeepAliveClient(std::uint16_t port) : port_(port) {}
    ~KeepAliveClient() { Close(); }
    void Close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    [[nodiscard]] int reconnects() const { return reconnects_; }

    // The status of GET `target`, or 0 if the exchange failed (then the next call reconnects).
    int Get(const std::string& target, const Headers& headers, milliseconds timeout) {
        if (fd_ < 0) {
            fd_ = ConnectLoopback(port_, false);
            if (fd_ < 0) return 0;
            ++reconnects_;
        }
        std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
        request += "\r\n";
        if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(request.size())) {
            Close();
            return 0;
        }
        const auto deadline = Clock::now() + timeout;
        std::string in;
        std::size_t head_end = std::string::npos;
        std::size_t want = 0;
        char buffer[8192];
        for (;;) {
            if (head_end == std::string::npos) {
                head_end = in.find("\r\n\r\n");
                if (head_end != std::string::npos) {
                    std::string head = in.substr(0, head_end);
                    std::transform(head.begin(), head.end(), head.begin(),
                                   [](unsigned char c) { return std::tolower(c); });
                    const auto cl = head.find("\r\ncontent-length:");
                    if (cl == std::string::npos) {  // not what GET /api/tickets sends
                        Close();
                        return 0;
                    }
                    want = head_end + 4 + std::stoul(head.substr(cl + 17));
                }
            }
            if (head_end != std::string::npos && in.size() >= want) break;
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            pollfd pfd{fd_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) {
                Close();
                return 0;
            }
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) {
                Close();
                return 0;
            }
            in.append(buffer, static_cast<std::size_t>(n));
        }
        if (in.rfind("HTTP/1.1 ", 0) != 0 || in.size() < 12) {
            Close();
            return 0;
        }
        return std::stoi(in.substr(9, 3));
    }

private:
    std::uint16_t port_;
    int fd_ = -1;
    int reconnects_ = -1;  // the first connect is not a reconnect
};

// A wave of connections on one epoll: each connects, sends `payload` (if any), reads what comes
// and waits for the server to close it.
struct Conn {
    int fd = -1;
    bool connected = false;
    bool failed = false;  // connect refused or never completed
    Clock::time_point opened;
    std::optional<Clock::time_point> connected_at;
    std::optional<Clock::time_point> answered_at;  // first byte received
    std::optional<Clock::time_point> closed_at;    // FIN or reset from the server
    std::string received;
};

struct WaveResult {
    int total = 0;
    int failed = 0;            // connect failed or did not complete within 5 s
    int shed = 0;              // closed by the server within kShedWithinS, unanswered
    int held = 0;              // kept until a timeout
    int answered = 0;          // got a response (wave 3)
    int answered_200 = 0;
    int still_open = 0;        // not closed by the deadline
    double open_s = 0;         // how long opening the wave took
    double peak_held_s = 0;    // when the server held the most connections (after the start)
    std::vector<double> held_close_s;  // held ones: seconds from connect (or answer) to close
    [[nodiscard]] double Min() const {
        return held_close_s.empty() ? 0 : *std::min_element(held_close_s.begin(), held_close_s.end());
    }
    [[nodiscard]] double Max() const {
        return held_close_s.empty() ? 0 : *std::max_element(held_close_s.begin(), held_close_s.end());
    }
};

WaveResult RunWave(std::uint16_t port, int count, const std::string& payload, seconds deadline) {
    WaveResult result;
    result.total = count;
    const int ep = ::epoll_create1(EPOLL_CLOEXEC);
    std::vector<Conn> conns(static_cast<std::size_t>(count));
    const auto started = Clock::now();
    int open = 0;

    auto close_conn = [&](Conn& c, bool by_server) {
        if (by_server) c.closed_at = Clock::now();
        ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        c.fd = -1;
        --open;
    };
    auto handle = [&](std::size_t i, std::uint32_t events) {
        Conn& c = conns[i];
        if (c.fd < 0) return;
        if (!c.connected) {
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                c.failed = true;
                close_conn(c, false);
                return;
            }
            if ((events & EPOLLOUT) == 0 && (events & (EPOLLHUP | EPOLLERR)) == 0) return;
            c.connected = true;
            c.connected_at = Clock::now();
            if (!payload.empty()) ::send(c.fd, payload.data(), payload.size(), MSG_NOSIGNAL);
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP;
            ev.data.u64 = i;
            ::epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
        }
        if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) == 0) return;
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                if (!c.answered_at) c.answered_at = Clock::now();
                c.received.append(buffer, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            if (n < 0 && errno == EINTR) continue;
            close_conn(c, true);  // 0: FIN; < 0: reset
            return;
        }
    };

    // Open them all, serving events as we go (so shed ones are reaped and the server's accepts
    // are not starved by our loop).
    std::vector<epoll_event> events(1024);
    auto poll_once = [&](int timeout_ms) {
        const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), timeout_ms);
        for (int k = 0; k < n; ++k) {
            const auto& event = events[static_cast<std::size_t>(k)];
            handle(static_cast<std::size_t>(event.data.u64), event.events);
        }
    };
    for (std::size_t i = 0; i < conns.size(); ++i) {
        Conn& c = conns[i];
        c.opened = Clock::now();
        c.fd = ConnectLoopback(port, true);
        if (c.fd < 0) {
            c.failed = true;
            continue;
        }
        ++open;
        epoll_event ev{};
        ev.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
        ev.data.u64 = i;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
        if (i % 64 == 63) poll_once(0);
    }
    result.open_s = Seconds(Clock::now() - started);

    int peak_held = -1;
    while (open > 0 && Clock::now() - started < deadline) {
        poll_once(100);
        const auto now = Clock::now();
        // Connects that never completed (SYN dropped at a full backlog and not yet retried).
        for (auto& c : conns) {
            if (c.fd >= 0 && !c.connected && now - c.opened > seconds(5)) {
                c.failed = true;
                close_conn(c, false);
            }
        }
        int held_now = 0;
        for (const auto& c : conns) held_now += c.fd >= 0 && c.connected ? 1 : 0;
        if (held_now > peak_held) {
            peak_held = held_now;
            result.peak_held_s = Seconds(now - started);
        }
    }
    for (auto& c : conns) {
        if (c.failed) {
            ++result.failed;
            continue;
        }
        if (c.fd >= 0) {
            ++result.still_open;
            close_conn(c, false);
            continue;
        }
        if (c.answered_at) {
            ++result.answered;
            if (c.received.rfind("HTTP/1.1 200", 0) == 0) ++result.answered_200;
        }
        const auto from = c.answered_at.value_or(*c.connected_at);
        const double lived = Seconds(*c.closed_at - *c.connected_at);
        if (lived < kShedWithinS && !c.answered_at) {
            ++result.shed;
        } else {
            ++result.held;
            result.held_close_s.push_back(Seconds(*c.closed_at - from));
        }
    }
    ::close(ep);
    return result;
}

std::string Describe(const WaveResult& w) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << w.total << " opened in " << w.open_s << " s: "
        << w.held << " held, " << w.shed << " shed (closed < " << kShedWithinS << " s), "
        << w.failed << " failed to connect, " << w.still_open << " still open";
    if (w.answered > 0) out << ", " << w.answered_200 << "/" << w.answered << " answered 200";
    out << "; held ones closed after " << std::setprecision(2) << w.Min() << "–" << w.Max() << " s";
    return out.str();
}

struct Tally {
    std::mutex mutex;
    std::map<int, int> statuses;  // 0: failed (refused, reset, timed out)
    std::vector<double> latencies_ms;
    void Add(int status, double ms) {
        std::lock_guard lock(mutex);
        ++statuses[status];
        if (status != 0) latencies_ms.push_back(ms);
    }
    int Count(int status) {
        std::lock_guard lock(mutex);
        return statuses.count(status) != 0 ? statuses[status] : 0;
    }
    int Total() {
        std::lock_guard lock(mutex);
        int n = 0;
        for (const auto& [s, c] : statuses) n += c;
        return n;
    }
    std::string Describe() {
        std::lock_guard lock(mutex);
        std::ostringstream out;
        for (const auto& [s, c] : statuses) out << " " << (s == 0 ? std::string("failed") : std::to_string(s)) << "×" << c;
        return out.str();
    }
};

TEST(ConnectionFlood, ServerCapsShedsAndTimesOutIdleAndHalfSentConnections) {
    const int n = EnvInt("RELIABILITY_FLOOD_CONNECTIONS", 0);
    if (n <= 0) GTEST_SKIP() << "long run: set RELIABILITY_FLOOD_CONNECTIONS (make soak sets 5000)";
    const int keep_alive_wave = std::min(1000, n);
    // Our N sockets, and the server (which inherits the limit) must reach its own cap.
    const auto fd_limit = RaiseFdLimit(static_cast<rlim_t>(n) + 512);
    ASSERT_GE(fd_limit, static_cast<rlim_t>(n) + 256)
        << "RLIMIT_NOFILE's hard limit is too low for " << n << " connections";

    World world = MakeWorld();
    // ASan keeps freed memory in a 256 MiB quarantine by default, which would read as the server's
    // growth; as in the sanitizer soak, 16 MiB.
    const char* asan = std::getenv("ASAN_OPTIONS");
    world.server_env["ASAN_OPTIONS"] =
        (asan != nullptr && *asan != '\0' ? std::string(asan) + ":" : std::string()) + "quarantine_size_mb=16";
    ServerProcess server(TicketingBinary(), world.server_env, world.dir / "server.log");
    server.Start();
    const auto auth = world.KeyHeader();
    // Warm up, with a few requests at once: the SQLite reader pool opens connections (2 fds
    // each) as concurrency needs them, and they would read as a leak against a cold baseline.
    {
        std::vector<std::thread> warm;
        for (int t = 0; t < 4; ++t) {
            warm.emplace_back([&] {
                for (int i = 0; i < 10; ++i) (void)Client(server.port()).Get("/api/tickets?limit=5", auth);
            });
        }
        for (auto& t : warm) t.join();
    }
    ASSERT_EQ(Client(server.port()).Get("/api/tickets?limit=5", auth).status, 200);
    std::this_thread::sleep_for(milliseconds(500));
    const auto baseline_targets = FdTargets(server.pid());
    const int baseline_fds = CountFds(server.pid());
    const double baseline_rss = RssMib(server.pid());

    Monitor monitor(server.pid());
    std::atomic<bool> stop{false};
    Tally steady;  // the keep-alive client
    Tally fresh;   // a new connection per request
    KeepAliveClient keep_alive(server.port());
    ASSERT_EQ(keep_alive.Get("/api/tickets?limit=5", auth, seconds(5)), 200);
    std::thread steady_thread([&] {
        while (!stop) {
            const auto t0 = Clock::now();
            const int status = keep_alive.Get("/api/tickets?limit=5", auth, seconds(5));
            steady.Add(status, Seconds(Clock::now() - t0) * 1000);
            std::this_thread::sleep_for(milliseconds(100));
        }
    });
    std::thread fresh_thread([&] {
        const Client http(server.port());
        while (!stop) {
            const auto t0 = Clock::now();
            int status = 0;
            try {
                status = http.Get("/api/tickets?limit=5", auth).status;
            } catch (const std::exception&) {
            }
            fresh.Add(status, Seconds(Clock::now() - t0) * 1000);
            std::this_thread::sleep_for(milliseconds(250));
        }
    });

    const auto deadline = seconds(static_cast<int>(kIdleTimeoutS) + 20);
    const auto silent = RunWave(server.port(), n, "", deadline);
    const int fresh_after_silent = fresh.Total();
    const int fresh_ok_after_silent = fresh.Count(200);
    const auto half_sent = RunWave(
        server.port(), n, "GET /api/tickets?limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Ke", deadline);
    const auto idle = RunWave(server.port(), keep_alive_wave,
                              "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", deadline);
    stop = true;
    steady_thread.join();
    fresh_thread.join();
    keep_alive.Close();

    // Everything is closed on our side: the server's descriptors must come back.
    int final_fds = CountFds(server.pid());
    auto final_targets = FdTargets(server.pid());
    for (int i = 0; i < 50 && (std::abs(final_fds - baseline_fds) > 5 ||
                               Sockets(final_targets) != Sockets(baseline_targets));
         ++i) {
        std::this_thread::sleep_for(milliseconds(100));
        final_fds = CountFds(server.pid());
        final_targets = FdTargets(server.pid());
    }
    monitor.Stop();
    const int after = Client(server.port()).Get("/api/tickets?limit=5", auth).status;
    const std::string log = server.LogSinceStart();
    std::size_t accept_failures = 0;
    for (auto pos = log.find("accept failed"); pos != std::string::npos; pos = log.find("accept failed", pos + 1)) {
        ++accept_failures;
    }

    const double steady_p50 = Percentile(steady.latencies_ms, 0.5);
    const double steady_p99 = Percentile(steady.latencies_ms, 0.99);
    const double fresh_p99 = Percentile(fresh.latencies_ms, 0.99);
    std::cout << std::fixed << std::setprecision(1) << "[figures] connection flood (" << n
              << "): silent wave: " << Describe(silent) << "; half-sent wave: " << Describe(half_sent)
              << "; keep-alive wave: " << Describe(idle) << std::endl;
    std::cout << "[figures] connection flood (" << n << "): keep-alive client " << steady.Count(200)
              << "/" << steady.Total() << " OK (" << steady.Describe() << ", " << keep_alive.reconnects()
              << " reconnects), p50 " << steady_p50 << " ms, p99 " << steady_p99
              << " ms; new-connection client" << fresh.Describe() << " (" << fresh_ok_after_silent << "/"
              << fresh_after_silent << " OK during the silent wave), p99 of the answered " << fresh_p99
              << " ms; server fds " << baseline_fds << " → max " << monitor.max_fds() << " → "
              << final_fds << " (cap " << kMaxConnections << "; changed:" << DiffTargets(baseline_targets, final_targets)
              << "); RSS " << baseline_rss << " → max "
              << monitor.max_rss() << " MiB; " << accept_failures << " \"accept failed\" log lines"
              << std::endl;

    ASSERT_TRUE(server.Running()) << server.SanitizerReport();
    EXPECT_EQ(after, 200) << "a new client is not served after the flood";
    for (const auto* wave : {&silent, &half_sent}) {
        SCOPED_TRACE(wave == &silent ? "silent wave" : "half-sent wave");
        EXPECT_EQ(wave->still_open, 0) << "connections outlived the header timeout";
        EXPECT_LE(wave->held, kMaxConnections) << "the server held more than its cap";
        // The other clients hold a slot or two; a few of ours may have been closed just before a
        // slot freed up.
        EXPECT_GE(wave->held, kMaxConnections - 16) << "the server did not fill up to its cap";
        EXPECT_EQ(wave->held + wave->shed + wave->failed, n);
        EXPECT_GE(wave->Min(), kHeaderTimeoutS - 0.5) << "held connections closed before the header timeout";
        EXPECT_LE(wave->Max(), kHeaderTimeoutS + 1.0) << "held connections not closed by the header timeout + 1 s";
    }
    EXPECT_EQ(idle.still_open, 0) << "idle keep-alive connections outlived the idle timeout";
    EXPECT_EQ(idle.answered_200, keep_alive_wave) << "below the cap every request must be answered";
    EXPECT_GE(idle.Min(), kIdleTimeoutS - 0.5) << "idle connections closed before the idle timeout";
    EXPECT_LE(idle.Max(), kIdleTimeoutS + 1.0) << "idle connections not closed by the idle timeout + 1 s";
    EXPECT_LE(monitor.max_fds() - baseline_fds, kMaxConnections + kFdMargin) << "more descriptors than the cap";
    EXPECT_LE(std::abs(final_fds - baseline_fds), 5) << "descriptors leaked:" << DiffTargets(baseline_targets, final_targets);
    EXPECT_EQ(Sockets(final_targets), Sockets(baseline_targets))
        << "connections leaked:" << DiffTargets(baseline_targets, final_targets);
    // The client that was connected before the flood is never refused and stays fast. The plan's
    // p99 < 500 ms is asserted as is: it holds with a wide margin in the ASan build (see the
    // figures), as the server does little per shed connection.
    EXPECT_EQ(steady.Count(200), steady.Total()) << steady.Describe();
    EXPECT_GE(steady.Total(), 100);
    EXPECT_LT(steady_p99, 500.0);
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(server.SanitizerReport(), "");
}

}  // namespace
}  // namespace ticketing::testing::reliability
