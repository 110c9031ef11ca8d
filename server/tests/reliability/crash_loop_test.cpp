// kill -9 crash loop (TESTPLAN REL-01, REL-02, REL-08): clients offer a mixed write load to the
// real `ticketing` binary and log every acknowledgement; the server is SIGKILLed at a random
// moment, restarted, and the database is compared with the log: nothing acknowledged may be
// lost, nothing may be half written. The negative control turns on the test-only
// acknowledge-before-commit switch and requires the same checker to catch lost writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <random>
#include <thread>

#include "load.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

using std::chrono::milliseconds;

struct CycleResult {
    int cycle = 0;
    double killed_after_s = 0;
    bool at_ack = false;
    milliseconds ready{0};
    HistoryCounts counts;
    History::Report report;
};

// One server on a fresh database, the load, and the cycles.
class CrashLoop {
public:
    explicit CrashLoop(const Env& extra_env = {})
        : world_(MakeWorld()),
          server_(TicketingBinary(), WithExtra(world_.server_env, extra_env),
                  world_.dir / "server.log") {
        first_ready_ = server_.Start();
        route_ = FindRoute(Client(server_.port()), world_.KeyHeader());
        load_ = std::make_unique<WriteLoad>(history_, route_, world_.api_key, "rel", LoadOptions{});
        const int seed =
            EnvInt("RELIABILITY_SEED", static_cast<int>(std::random_device{}() % 100000));
        rng_.seed(static_cast<std::mt19937::result_type>(seed));
        std::cout << "[reliability] " << (world_.postgres() ? "PostgreSQL" : "SQLite")
                  << " crash loop, seed " << seed << " (RELIABILITY_SEED), log "
                  << (world_.dir / "server.log") << "\n";
    }

    // Load for a random 0.2–3 s; with `at_ack`, the kill then waits for the next acknowledgement
    // and follows it at once (the moment an acknowledge-before-commit bug is exposed).
    CycleResult Cycle(int n, bool at_ack, double max_delay_s = 3.0) {
        CycleResult result;
        result.cycle = n;
        result.at_ack = at_ack;
        const auto before = history_.Counts();
        const auto started = std::chrono::steady_clock::now();
        load_->Start(server_.port());
        const double delay = std::uniform_real_distribution<double>(0.2, max_delay_s)(rng_);
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
        if (at_ack) load_->WaitForAck(std::chrono::seconds(5));
        server_.Kill();
        result.killed_after_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        load_->Stop();
        result.ready = server_.Start();
        result.report = history_.Check(LoadSnapshot(world_.database->url()), route_);
        const auto after = history_.Counts();
        result.counts = {after.acked - before.acked,       after.refused - before.refused,
                         after.unknown - before.unknown,   after.creates - before.creates,
                         after.comments - before.comments, after.patches - before.patches};
        std::cout << "[reliability] cycle " << n << ": killed after " << result.killed_after_s
                  << " s" << (at_ack ? " (right after an ack)" : "") << ", " << result.counts.acked
                  << " acked / " << result.counts.refused << " refused / " << result.counts.unknown
                  << " unanswered writes, restart to ready " << result.ready.count() << " ms, "
                  << result.report.tickets << " tickets, " << result.report.comments
                  << " comments: " << (result.report.ok() ? "ok" : result.report.Describe(5))
                  << std::endl;
        return result;
    }

    [[nodiscard]] ServerProcess& server() { return server_; }
    [[nodiscard]] World& world() { return world_; }
    [[nodiscard]] const History& history() const { return history_; }

private:
    static Env WithExtra(Env env, const Env& extra) {
        for (const auto& [k, v] : extra) env[k] = v;
        return env;
    }

    World world_;
    ServerProcess server_;
    milliseconds first_ready_{0};
    CtiRoute route_;
    History history_;
    std::unique_ptr<WriteLoad> load_;
    std::mt19937 rng_;
};

// pg_amcheck over the whole database (heap and B-tree indexes): "" when clean.
std::string PgAmcheck(const World& world) {
    const auto program = FindProgram("pg_amcheck", {"/usr/lib/postgresql/15/bin"});
    if (!program) {
        std::cout
            << "[reliability] pg_amcheck not found: PostgreSQL checked by the SQL checks only\n";
        return {};
    }
    const auto result = RunCommand({program->string(), "--install-missing", "--heapallindexed",
                                    "--parent-check", world.database->url().postgres_conninfo});
    if (result.exit_code == 0 && result.out.empty()) {
        std::cout << "[reliability] pg_amcheck: 0 problems\n";
        return {};
    }
    return "pg_amcheck exited " + std::to_string(result.exit_code) + ":\n" + result.out +
           result.err;
}

TEST(CrashLoop, NoAcknowledgedWriteIsLostAcrossKill9) {
    const int cycles = EnvInt("RELIABILITY_CYCLES", 10);
    const milliseconds ready_limit(EnvInt("RELIABILITY_READY_LIMIT_MS", 2000));
    CrashLoop loop;
    std::vector<milliseconds> ready;
    std::int64_t acked = 0;
    std::int64_t unanswered = 0;
    int before_first_ack = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int n = 1; n <= cycles; ++n) {
        // Half of the kills land at a random moment, half right after an acknowledgement.
        const CycleResult r = loop.Cycle(n, n % 2 == 0);
        ready.push_back(r.ready);
        acked += r.counts.acked;
        unanswered += r.counts.unknown;
        // A random kill may land before the restarted server's first acknowledgement (on
        // PostgreSQL, under ASan, that comes ~0.4 s after ready): then writes were sent but none
        // answered yet. A kill that waits for an acknowledgement must have had one.
        EXPECT_GT(r.counts.acked + r.counts.refused + r.counts.unknown, 0)
            << "cycle " << n << " sent no write: the load did not run";
        if (r.at_ack) {
            EXPECT_GT(r.counts.acked, 0) << "cycle " << n << " acknowledged no write";
        } else if (r.counts.acked == 0) {
            ++before_first_ack;
        }
        EXPECT_EQ(r.counts.refused, 0) << "cycle " << n << " had writes refused with a 4xx";
        ASSERT_TRUE(r.report.ok()) << "cycle " << n << ": " << r.report.Describe();
    }
    EXPECT_GT(acked, 0) << "no write was acknowledged in any cycle: the load did not run";
    EXPECT_EQ(loop.server().Stop(), 0) << loop.server().LogSinceStart().substr(0, 4000);
    EXPECT_EQ(loop.server().SanitizerReport(), "");
    if (loop.world().postgres()) {
        EXPECT_EQ(PgAmcheck(loop.world()), "");
    }

    std::sort(ready.begin(), ready.end());
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "[figures] crash loop " << (loop.world().postgres() ? "postgres" : "sqlite")
              << ": " << cycles << " cycles in " << seconds << " s, " << acked
              << " acknowledged writes, 0 lost, " << unanswered
              << " unanswered (" << before_first_ack
              << " random kills before the first acknowledgement); restart to ready median "
              << ready[ready.size() / 2].count() << " ms, max " << ready.back().count() << " ms"
              << std::endl;
    // TESTPLAN REL-01: restart-to-ready ≤ 2 s.
    EXPECT_LE(ready.back(), ready_limit);
}

TEST(CrashLoop, NegativeControlAckBeforeCommitIsCaught) {
    if (UsingPostgres())
        GTEST_SKIP() << "the acknowledge-before-commit switch exists for SQLite only";
    const int max_cycles = EnvInt("RELIABILITY_NEGATIVE_CYCLES", 20);
    CrashLoop loop(Env{{"TICKETING_UNSAFE_ACK_BEFORE_COMMIT", "1"}});
    ASSERT_NE(loop.server().LogSinceStart().find("TICKETING_UNSAFE_ACK_BEFORE_COMMIT=1"),
              std::string::npos)
        << "the server did not take up the switch";
    int caught_in = 0;
    for (int n = 1; n <= max_cycles && caught_in == 0; ++n) {
        const CycleResult r = loop.Cycle(n, true, 1.0);
        if (!r.report.lost.empty()) {
            caught_in = n;
            std::cout << "[figures] negative control: the checker caught " << r.report.lost.size()
                      << " lost acknowledged write(s) in cycle " << n << ", e.g. "
                      << r.report.lost.front() << std::endl;
        }
    }
    EXPECT_NE(caught_in, 0) << "acknowledging before COMMIT lost nothing the checker noticed in "
                            << max_cycles << " cycles: the crash-loop check has no teeth";
}

}  // namespace
}  // namespace ticketing::testing::reliability
