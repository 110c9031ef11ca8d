// Soak under sanitizers (TESTPLAN REL-20): the ASan + UBSan binary under a steady mixed load for
// RELIABILITY_SOAK_SECONDS (`make soak`: 30 minutes; skipped in `make test`). No sanitizer report
// (leaks included, at exit), no 5xx, memory and descriptors flat after warm-up, nothing lost.
// The same test against the release binary (RELIABILITY_TICKETING_BIN) is `make soak`'s stage
// `memory`, which judges RSS where it measures the server.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "load.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
    double minutes = 0;
    double rss_mib = 0;
    double anon_mib = 0;  // heap and stacks: where a leak shows
    double file_mib = 0;  // file-backed pages (the binary, SQLite's mapped WAL index)
    double heap_mib = 0;  // live heap by the allocator's own count (/metrics); -1 if the scrape failed
    int fds = 0;      // open descriptors other than sockets: files, pipes, eventfds
    int sockets = 0;  // the listener and the connections in flight at that instant
};

// The value of ticketing_heap_in_use_bytes in MiB, or -1 if the scrape failed.
double HeapMib(const Client& http) {
    try {
        const std::string body = http.Get("/metrics").body;
        const std::string series = "\nticketing_heap_in_use_bytes ";
        const auto at = body.find(series);
        if (at == std::string::npos) return -1;
        return std::stod(body.substr(at + series.size())) / (1024.0 * 1024.0);
    } catch (const std::exception&) {
        return -1;
    }
}

Sample Measure(pid_t pid, const Client& http, Clock::time_point started) {
    Sample s;
    s.heap_mib = HeapMib(http);
    s.minutes = std::chrono::duration<double>(Clock::now() - started).count() / 60.0;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) s.rss_mib = std::stod(line.substr(6)) / 1024.0;
        if (line.rfind("RssAnon:", 0) == 0) s.anon_mib = std::stod(line.substr(8)) / 1024.0;
        if (line.rfind("RssFile:", 0) == 0) s.file_mib = std::stod(line.substr(8)) / 1024.0;
    }
    // Sockets are counted apart: with 12 clients opening a connection per request, how many
    // are open at the instant of a sample varies from 1 to 13 and says nothing about leaks.
    for (const auto& fd : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
        std::error_code ec;
        const auto target = std::filesystem::read_symlink(fd.path(), ec);
        if (!ec && target.string().rfind("socket:", 0) == 0) {
            ++s.sockets;
        } else {
            ++s.fds;
        }
    }
    return s;
}

// Least-squares slope over time of one figure of the samples (VmRSS unless told), in MiB per
// minute.
double Slope(const std::vector<Sample>& samples, double Sample::*figure = &Sample::rss_mib) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const auto& s : samples) {
        n += 1;
        sx += s.minutes;
        sy += s.*figure;
        sxx += s.minutes * s.minutes;
        sxy += s.minutes * (s.*figure);
    }
    const double d = n * sxx - sx * sx;
    return d == 0 ? 0 : (n * sxy - sx * sy) / d;
}

TEST(Soak, SanitizerBuildStaysCleanAndFlatUnderLoad) {
    const int seconds = EnvInt("RELIABILITY_SOAK_SECONDS", 0);
    if (seconds <= 0) GTEST_SKIP() << "long run: set RELIABILITY_SOAK_SECONDS (make soak does)";
    World world = MakeWorld();
    ServerProcess server(TicketingBinary(), world.server_env, world.dir / "server.log");
    server.Start();
    const auto route = FindRoute(Client(server.port()), world.KeyHeader());
    History history;
    LoadOptions options;
    options.clients = 8;
    options.writes_per_second = 100;
    WriteLoad writes(history, route, world.api_key, "soak", options);
    writes.Start(server.port());

    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::map<int, std::int64_t> read_statuses;
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) {
        readers.emplace_back([&, i] {
            std::mt19937 rng(static_cast<std::mt19937::result_type>(i));
            const Client http(server.port());
            const auto auth = world.KeyHeader();
            for (int n = 0; !stop; ++n) {
                const auto ticket = history.AnyTicket(rng);
                std::string target = "/api/tickets?limit=50";
                if (ticket && n % 4 == 1) target = "/api/tickets/" + *ticket;
                if (ticket && n % 4 == 2) target = "/api/tickets/" + *ticket + "/audit";
                if (n % 4 == 3) target = "/api/cti/tree";
                int status = 0;
                try {
                    status = http.Get(target, auth).status;
                } catch (const std::exception&) {
                }
                {
                    std::lock_guard lock(mutex);
                    ++read_statuses[status];
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(40));
            }
        });
    }

    const auto started = Clock::now();
    const Client probe(server.port());
    std::vector<Sample> samples;
    while (Clock::now() - started < std::chrono::seconds(seconds)) {
        samples.push_back(Measure(server.pid(), probe, started));
        ASSERT_TRUE(server.Running()) << server.SanitizerReport();
        std::this_thread::sleep_for(std::chrono::seconds(10));
    }
    samples.push_back(Measure(server.pid(), probe, started));
    stop = true;
    for (auto& t : readers) t.join();
    writes.Stop();

    std::map<int, std::int64_t> write_statuses;
    for (const auto& e : writes.TakeEvents()) ++write_statuses[e.status];
    EXPECT_EQ(server.Stop(), 0)
        << "the server did not exit cleanly (a leak report at exit fails it)";
    EXPECT_EQ(server.SanitizerReport(), "");
    const auto report = history.Check(LoadSnapshot(world.database->url()), route);
    EXPECT_TRUE(report.ok()) << report.Describe();

    // After a warm-up of half the run: RSS grows < 1 MiB per 10 minutes, fds stay put. The
    // database grows from nothing to ~100k tickets during the run, and the page caches of the
    // 17 SQLite connections (2 MiB each) fill with it: in the 30-minute runs of 2026-12-04 RSS
    // rose for about 15 minutes and was flat after, in the release build as in this one
    // (docs/reliability.md, S3). A leak keeps its slope in the second half; a cache does not.
    const std::vector<Sample> steady(
        samples.begin() + static_cast<std::ptrdiff_t>(samples.size() / 2), samples.end());
    const double slope_per_10min = Slope(steady) * 10;
    const double heap_slope_per_10min = Slope(steady, &Sample::heap_mib) * 10;
    const bool heap_read = std::all_of(steady.begin(), steady.end(),
                                       [](const Sample& x) { return x.heap_mib > 0; });
    int fd_min = steady.front().fds;
    int fd_max = steady.front().fds;
    int sockets_max = 0;
    for (const auto& s : steady) {
        fd_min = std::min(fd_min, s.fds);
        fd_max = std::max(fd_max, s.fds);
        sockets_max = std::max(sockets_max, s.sockets);
    }
    // The shape of the curve: growth that slows (caches filling towards their bound) or not.
    const std::vector<Sample> warm_up(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(samples.size() / 2));
    std::ostringstream curve;
    for (std::size_t i = 0; i < samples.size(); i += 30) {
        curve << " " << static_cast<int>(samples[i].minutes) << " min " << samples[i].rss_mib
              << " MiB (heap " << samples[i].heap_mib << ");";
    }
    std::int64_t errors = 0;
    std::ostringstream statuses;
    for (const auto* m : {&write_statuses, &read_statuses}) {
        statuses << (m == &write_statuses ? " writes:" : "; reads:");
        for (const auto& [status, count] : *m) {
            statuses << " " << status << "×" << count;
            if (status >= 500) errors += count;
        }
    }
    std::cout << "[figures] soak of " << TicketingBinary().string() << ": " << seconds << " s," << statuses.str() << "; RSS "
              << samples.front().rss_mib << " → " << samples.back().rss_mib
              << " MiB, slope after warm-up " << slope_per_10min << " MiB/10 min (anonymous "
              << samples.front().anon_mib << " → " << samples.back().anon_mib << " MiB, slope "
              << Slope(steady, &Sample::anon_mib) * 10 << "; file-backed "
              << samples.front().file_mib << " → " << samples.back().file_mib << " MiB, slope "
              << Slope(steady, &Sample::file_mib) * 10 << "; live heap " << samples.front().heap_mib
              << " → " << samples.back().heap_mib << " MiB, slope " << heap_slope_per_10min
              << "); slope during the warm-up "
              << Slope(warm_up) * 10 << " MiB/10 min; RSS every 5 min:" << curve.str() << " fds other than sockets " << fd_min
              << "–" << fd_max << ", sockets at most " << sockets_max << "; " << report.tickets
              << " tickets, " << report.comments << " comments" << std::endl;
    EXPECT_EQ(errors, 0) << "5xx answers under a steady load";
    // Under ASan, RSS measures ASan's allocator more than the server: in the 30-minute soak of
    // 2026-12-06 it rose 6.1 MiB/10 min in the second half while ASan's own count of the live
    // heap rose 0.02 (docs/reliability.md, S4). `make soak` therefore judges RSS on the release
    // binary (stage `memory`) and the live heap on both; run by hand, this judges both here.
    if (EnvInt("RELIABILITY_SOAK_JUDGE_RSS", 1) != 0) {
        EXPECT_LT(slope_per_10min, 1.0) << "memory keeps growing";
    }
    EXPECT_TRUE(heap_read) << "a scrape of /metrics for the heap gauge failed";
    EXPECT_LT(heap_slope_per_10min, 1.0) << "the live heap keeps growing";
    EXPECT_LE(fd_max - fd_min, 5) << "file descriptors keep growing";
    EXPECT_LE(sockets_max, 1 + 12 + 5) << "sockets beyond the listener and the 12 clients' connections";
}

}  // namespace
}  // namespace ticketing::testing::reliability
