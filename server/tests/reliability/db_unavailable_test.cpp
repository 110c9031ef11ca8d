// PostgreSQL unavailable at start (TESTPLAN REL-04): `ticketing serve` starts before its database.
// It must stay up, say so (/healthz 200, /readyz and /api/* 503 JSON with Retry-After), apply the
// migrations once PostgreSQL appears and be ready within 5 s of it; then writes and reads work.
// `ticketing migrate` meanwhile fails fast with a clear message. The plan waits 30 s before
// starting PostgreSQL; RELIABILITY_PG_DOWN_MS sets it (5 s in `make test`, 30 s in the soak).
#include <gtest/gtest.h>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json.hpp>

#include <iostream>
#include <thread>

#include "pg_cluster.hpp"
#include "platform/random.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string HeaderOf(const Reply& reply, std::string_view name) {
    for (const auto& [key, value] : reply.headers) {
        if (boost::iequals(key, name)) return value;
    }
    return {};
}

// "" when `reply` is the 503 {"error": "...", "code": "unavailable"} with Retry-After.
std::string Not503Unavailable(const Reply& reply) {
    if (reply.status != 503) return "status " + std::to_string(reply.status) + ": " + reply.body;
    if (HeaderOf(reply, "Retry-After").empty()) return "503 without Retry-After";
    boost::system::error_code ec;
    const auto body = bj::parse(reply.body, ec);
    if (ec || !body.is_object()) return "503 body is not JSON: " + reply.body;
    const auto* code = body.as_object().if_contains("code");
    const auto* error = body.as_object().if_contains("error");
    if (code == nullptr || !code->is_string() || code->as_string() != "unavailable" ||
        error == nullptr || !error->is_string()) {
        return "503 body is not {error, code: unavailable}: " + reply.body;
    }
    return {};
}

std::size_t Count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(DbUnavailableAtStart, ServerWaitsForPostgresThenMigratesAndServesPostgresOnly) {
    const milliseconds down(EnvInt("RELIABILITY_PG_DOWN_MS", 5000));
    PgCluster cluster(false);
    const auto dir = std::filesystem::temp_directory_path() / ("ticketing-rel04-" + platform::RandomHex(6));
    std::filesystem::create_directories(dir);
    const Env env = {{"DATABASE_URL", cluster.url()}, {"JWT_SECRET", kJwtSecret},
                     {"HOST", "127.0.0.1"},           {"PORT", "0"},
                     {"DATA_DIR", dir.string()},      {"LOG_LEVEL", "info"},
                     {"LOG_FORMAT", "text"}};

    // The command fails fast and says why; the server does not.
    const auto migrate_started = Clock::now();
    const auto migrate = RunCommand({TicketingBinary().string(), "migrate"}, env, {},
                                    std::chrono::seconds(60));
    const auto migrate_ms =
        std::chrono::duration_cast<milliseconds>(Clock::now() - migrate_started);
    EXPECT_EQ(migrate.exit_code, 1) << migrate.out << migrate.err;
    EXPECT_NE(migrate.err.find("ticketing: "), std::string::npos) << migrate.err;
    EXPECT_LE(migrate_ms, milliseconds(10'000));
    std::cout << "[reliability] ticketing migrate with PostgreSQL down: exit " << migrate.exit_code
              << " after " << migrate_ms.count() << " ms: " << migrate.err;

    ServerProcess server(TicketingBinary(), env, dir / "server.log");
    server.Start(std::chrono::seconds(60), ServerProcess::WaitFor::kListening);
    const Client http(server.port());
    const Headers key = {{"X-Api-Key", "no-database-yet"}};
    int probes = 0;
    std::vector<std::string> problems;
    const auto down_until = Clock::now() + down;
    while (Clock::now() < down_until) {
        ASSERT_TRUE(server.Running()) << "the server exited with PostgreSQL down:\n"
                                      << server.LogSinceStart();
        ++probes;
        const auto health = http.Get("/healthz");
        if (health.status != 200) problems.push_back("/healthz " + std::to_string(health.status));
        for (const auto& [what, reply] :
             {std::pair{"/readyz", http.Get("/readyz")},
              std::pair{"GET /api/tickets", http.Get("/api/tickets", key)},
              std::pair{"POST /api/auth/login",
                        http.Post("/api/auth/login", R"({"username":"admin","password":"x"})")}}) {
            if (auto problem = Not503Unavailable(reply); !problem.empty()) {
                problems.push_back(std::string(what) + ": " + problem);
            }
        }
        std::this_thread::sleep_for(milliseconds(250));
    }
    EXPECT_TRUE(problems.empty()) << problems.size() << " wrong answers, first: " << problems.front();
    EXPECT_GT(probes, 1);

    cluster.Start();
    const auto pg_up = Clock::now();
    int ready_status = 0;
    while (Clock::now() - pg_up < std::chrono::seconds(30)) {
        ASSERT_TRUE(server.Running()) << server.LogSinceStart();
        ready_status = http.Get("/readyz").status;
        if (ready_status == 200) break;
        std::this_thread::sleep_for(milliseconds(50));
    }
    const auto ready_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - pg_up);
    ASSERT_EQ(ready_status, 200) << server.LogSinceStart();

    // Accounts come from `ticketing seed`, run against the live server's database.
    Env seed_env = env;
    seed_env["ADMIN_PASSWORD"] = kAdminPassword;
    const auto credentials = dir / "credentials";
    const auto seeded = RunCommand(
        {TicketingBinary().string(), "seed", "--credentials-file", credentials.string()}, seed_env);
    ASSERT_EQ(seeded.exit_code, 0) << seeded.out << seeded.err;
    const Headers auth = {{"X-Api-Key", ReadCredentials(credentials)["GODDARD_API_KEY"]}};
    const CtiRoute route = FindRoute(http, auth);
    const auto created = http.Post(
        "/api/tickets",
        bj::serialize(bj::object{{"title", "after the outage"}, {"overview", "written once ready"},
                                 {"severity", 3}, {"categoryId", route.category},
                                 {"typeId", route.type}, {"itemId", route.item}}),
        auth);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = bj::value_to<std::string>(bj::parse(created.body).at("id"));
    const auto read = http.Get("/api/tickets/" + id, auth);
    EXPECT_EQ(read.status, 200);
    EXPECT_NE(read.body.find("after the outage"), std::string::npos) << read.body;

    const std::string log = server.LogSinceStart();
    std::cout << "[figures] PostgreSQL down at start: " << down.count() << " ms, " << probes
              << " probes all answered (healthz 200, readyz/api 503 JSON); ready "
              << ready_ms.count() << " ms after PostgreSQL started; "
              << Count(log, "applied migration") << " migrations applied" << std::endl;
    EXPECT_LE(ready_ms, milliseconds(5000));
    EXPECT_EQ(Count(log, "database not available at start-up"), 1U)
        << "the outage should be logged once, not per attempt:\n" << log.substr(0, 4000);
    EXPECT_GT(Count(log, "applied migration"), 0U) << log.substr(0, 4000);
    EXPECT_EQ(server.Stop(), 0) << server.LogSinceStart().substr(0, 4000);
    EXPECT_EQ(server.SanitizerReport(), "");
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace ticketing::testing::reliability
