// Write contention (TESTPLAN REL-10, REL-11) against the real binary:
// - 50 clients comment on one ticket at once: every comment and its COMMENT_ADDED audit row is
//   there exactly once, and nothing is answered 5xx. The plan's 50 × 100 runs in the soak;
//   `make test` runs 50 × RELIABILITY_COMMENTS_PER_CLIENT (20).
// - 8 writers create tickets flat out on SQLite for RELIABILITY_CONTENTION_SECONDS (20; 60 in the
//   soak): no SQLITE_BUSY / "database is locked" leaks out as a 500, and any overload is a 503
//   with Retry-After.
// Latency and throughput are printed as [figures], not asserted: timings belong to bench/, and
// this is the ASan build on a shared machine.
#include <gtest/gtest.h>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>
#include <thread>

#include "observe.hpp"
#include "snapshot.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

bool HasHeader(const Reply& reply, std::string_view name) {
    return std::any_of(reply.headers.begin(), reply.headers.end(),
                       [&](const auto& h) { return boost::iequals(h.first, name); });
}

std::string CreateTicketBody(const CtiRoute& route, const std::string& title) {
    return bj::serialize(bj::object{{"title", title},
                                    {"overview", "contention"},
                                    {"severity", 3},
                                    {"categoryId", route.category},
                                    {"typeId", route.type},
                                    {"itemId", route.item}});
}

// Answers that are neither `expected` nor a 503 with Retry-After, and whether any leaked a lock.
struct Tally {
    std::mutex mutex;
    std::int64_t ok = 0;
    std::int64_t overloaded = 0;  // 503 with Retry-After
    std::vector<std::string> problems;
    std::vector<double> latencies_ms;

    void Add(const Reply& reply, int expected, double ms) {
        std::lock_guard lock(mutex);
        latencies_ms.push_back(ms);
        if (reply.status == expected) {
            ++ok;
            return;
        }
        if (reply.status == 503 && HasHeader(reply, "Retry-After")) {
            ++overloaded;
            return;
        }
        std::string problem = std::to_string(reply.status) + ": " + reply.body.substr(0, 200);
        if (reply.body.find("database is locked") != std::string::npos ||
            reply.body.find("SQLITE_BUSY") != std::string::npos) {
            problem = "leaked a lock error: " + problem;
        }
        problems.push_back(std::move(problem));
    }
};

TEST(Contention, FiftyClientsCommentOnOneTicketAndEveryCommentIsThereOnce) {
    const int clients = 50;
    const int per_client = EnvInt("RELIABILITY_COMMENTS_PER_CLIENT", 20);
    const World world = MakeWorld();
    ServerProcess server(TicketingBinary(), world.server_env, world.dir / "server.log");
    server.Start();
    const Client http(server.port());
    const CtiRoute route = FindRoute(http, world.KeyHeader());
    const auto created = http.Post("/api/tickets", CreateTicketBody(route, "busy ticket"),
                                   world.KeyHeader());
    ASSERT_EQ(created.status, 201) << created.body;
    const auto ticket = bj::value_to<std::string>(bj::parse(created.body).at("id"));

    Tally tally;
    std::atomic<int> unanswered{0};
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            const Client mine(server.port());
            for (int i = 0; i < per_client; ++i) {
                const std::string body = bj::serialize(
                    bj::object{{"body", "client " + std::to_string(c) + " comment " + std::to_string(i)}});
                const auto sent = Clock::now();
                try {
                    const auto reply = mine.Post("/api/tickets/" + ticket + "/comments", body,
                                                 world.KeyHeader());
                    tally.Add(reply, 201,
                              std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                } catch (const std::exception&) {
                    ++unanswered;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(server.SanitizerReport(), "");

    const Snapshot db = LoadSnapshot(world.database->url());
    const auto comments = std::count_if(db.comments.begin(), db.comments.end(),
                                        [&](const CommentRow& r) { return r.ticket_id == ticket; });
    const auto audits = std::count_if(db.audit.begin(), db.audit.end(), [&](const AuditRow& r) {
        return r.ticket_id == ticket && r.action == "COMMENT_ADDED";
    });
    const std::int64_t expected = std::int64_t{clients} * per_client;
    std::cout << "[figures] concurrent comments " << (world.postgres() ? "postgres" : "sqlite")
              << ": " << clients << " clients x " << per_client << " = " << expected << " in "
              << seconds << " s (" << static_cast<double>(expected) / seconds
              << " comments/s); latency p50 " << Percentile(tally.latencies_ms, 0.5) << " ms, p99 "
              << Percentile(tally.latencies_ms, 0.99) << " ms, max "
              << Percentile(tally.latencies_ms, 1.0) << " ms; " << tally.overloaded
              << " answered 503" << std::endl;

    EXPECT_EQ(unanswered.load(), 0);
    EXPECT_TRUE(tally.problems.empty())
        << tally.problems.size() << " unexpected answers, first: " << tally.problems.front();
    // Every comment was acknowledged (201), so exactly that many rows and audit rows.
    EXPECT_EQ(tally.ok, expected);
    EXPECT_EQ(comments, tally.ok);
    EXPECT_EQ(audits, tally.ok);
    EXPECT_TRUE(db.integrity_problems.empty()) << db.integrity_problems.front();
}

TEST(Contention, EightSqliteWritersNeverLeakALockErrorSqliteOnly) {
    const int writers = 8;
    const auto duration = std::chrono::seconds(EnvInt("RELIABILITY_CONTENTION_SECONDS", 20));
    const World world = MakeWorld();
    ServerProcess server(TicketingBinary(), world.server_env, world.dir / "server.log");
    server.Start();
    const CtiRoute route = FindRoute(Client(server.port()), world.KeyHeader());

    Tally tally;
    std::atomic<int> unanswered{0};
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            const Client mine(server.port());
            for (int i = 0; Clock::now() - started < duration; ++i) {
                const auto sent = Clock::now();
                try {
                    const auto reply = mine.Post(
                        "/api/tickets",
                        CreateTicketBody(route, "w" + std::to_string(w) + "-" + std::to_string(i)),
                        world.KeyHeader());
                    tally.Add(reply, 201,
                              std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                } catch (const std::exception&) {
                    ++unanswered;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(server.SanitizerReport(), "");
    const std::string log = server.LogSinceStart();

    const Snapshot db = LoadSnapshot(world.database->url());
    std::cout << "[figures] write contention sqlite: " << writers << " writers for " << seconds
              << " s: " << tally.ok << " tickets created ("
              << static_cast<double>(tally.ok) / seconds << " writes/s), " << tally.overloaded
              << " answered 503 + Retry-After; latency p50 " << Percentile(tally.latencies_ms, 0.5)
              << " ms, p99 " << Percentile(tally.latencies_ms, 0.99) << " ms" << std::endl;

    EXPECT_EQ(unanswered.load(), 0);
    EXPECT_TRUE(tally.problems.empty())
        << tally.problems.size() << " unexpected answers, first: " << tally.problems.front();
    EXPECT_GT(tally.ok, 0);
    EXPECT_EQ(log.find("database is locked"), std::string::npos) << "the server hit a lock error";
    // Every acknowledged ticket is there (plus none other: this test is the only writer).
    EXPECT_EQ(static_cast<std::int64_t>(db.tickets.size()), tally.ok);
    EXPECT_TRUE(db.integrity_problems.empty()) << db.integrity_problems.front();
}

}  // namespace
}  // namespace ticketing::testing::reliability
