// TESTPLAN REL-15's memory bound, which the API tests (in-process server) cannot measure: every
// kind of oversized input, sent round after round to the real server, is refused without the
// server's resident memory growing by more than 5 MiB. The answers themselves are checked in
// server/tests/api/oversized_input_api_test.cpp; here they are asserted only so each round is
// known to have hit the limit it meant to.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "observe.hpp"
#include "raw_http.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;

constexpr std::size_t kBodyLimit = 1024 * 1024;

std::string Nested(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

// "é" repeated: 2 bytes per code point, so byte limits and code-point limits differ.
std::string CodePoints(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "\xC3\xA9";
    return s;
}

struct Case {
    std::string name;
    std::string request;
    int status;
};

std::vector<Case> Cases(const std::string& key, const CtiRoute& route, const std::string& ticket_id) {
    const std::string auth = "X-Api-Key: " + key + "\r\n";
    const auto json_post = [&](const std::string& target, const std::string& body) {
        return "POST " + target + " HTTP/1.1\r\nHost: t\r\n" + auth +
               "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\nConnection: close\r\n\r\n" + body;
    };
    std::vector<Case> cases;
    cases.push_back({"body limit + 1 B", json_post("/api/tickets", std::string(kBodyLimit + 1, ' ')), 413});
    cases.push_back({"Content-Length 10 GiB",
                     "POST /api/tickets HTTP/1.1\r\nHost: t\r\n" + auth +
                         "Content-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n",
                     413});
    std::string chunked = "POST /api/tickets HTTP/1.1\r\nHost: t\r\n" + auth +
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (std::size_t sent = 0; sent <= kBodyLimit + 65536; sent += 65536) {
        chunked += "10000\r\n" + std::string(65536, ' ') + "\r\n";
    }
    cases.push_back({"chunked past the body limit", chunked + "0\r\n\r\n", 413});
    cases.push_back({"one header of 8 KiB + 1",
                     "GET /api/tickets HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(8193, 'a') + "\r\n\r\n", 431});
    std::string many = "GET /api/tickets HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < 1000; ++i) many += "X-H" + std::to_string(i) + ": value\r\n";
    cases.push_back({"1,000 headers", many + "\r\n", 431});
    cases.push_back({"16 KiB URL", "GET /api/tickets?q=" + std::string(16384, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414});
    cases.push_back({"JSON depth 33", json_post("/api/tickets", Nested(33)), 400});
    cases.push_back({"JSON depth 100,000", json_post("/api/tickets", Nested(100000)), 400});
    cases.push_back({"title of 201 code points",
                     json_post("/api/tickets", bj::serialize(bj::object{{"title", CodePoints(201)},
                                                                         {"severity", 3},
                                                                         {"categoryId", route.category},
                                                                         {"typeId", route.type},
                                                                         {"itemId", route.item}})),
                     400});
    cases.push_back({"comment of 65,537 code points",
                     json_post("/api/tickets/" + ticket_id + "/comments",
                               bj::serialize(bj::object{{"body", CodePoints(65537)}})),
                     400});
    return cases;
}

TEST(OversizedInput, RoundsOfOversizedInputLeaveTheServersMemoryFlat) {
    const int rounds = EnvInt("RELIABILITY_OVERSIZED_ROUNDS", 20);
    World world = MakeWorld();
    Env env = world.server_env;
    // ASan keeps freed memory in a quarantine (256 MiB by default) to catch use after free; the
    // 1 MiB buffers of refused bodies would fill it and read as growth of the server's memory.
    // 1 MiB keeps the check meaningful and still catches use of a buffer freed just before.
    const char* inherited = std::getenv("ASAN_OPTIONS");
    env["ASAN_OPTIONS"] = std::string(inherited != nullptr && *inherited != '\0' ? inherited : "") +
                          (inherited != nullptr && *inherited != '\0' ? ":" : "") + "quarantine_size_mb=1";
    ServerProcess server(TicketingBinary(), env, world.dir / "server.log");
    server.Start();
    const Client http(server.port());
    const CtiRoute route = FindRoute(http, world.KeyHeader());
    const Reply ticket = http.Post("/api/tickets",
                                   bj::serialize(bj::object{{"title", "REL-15 target"},
                                                            {"severity", 3},
                                                            {"categoryId", route.category},
                                                            {"typeId", route.type},
                                                            {"itemId", route.item}}),
                                   world.KeyHeader());
    ASSERT_EQ(ticket.status, 201) << ticket.body;
    const std::string ticket_id = std::string(bj::parse(ticket.body).as_object().at("id").as_string());
    const auto cases = Cases(world.api_key, route, ticket_id);

    const auto round = [&](int n) {
        for (const auto& c : cases) {
            const auto result = SendRaw(server.port(), c.request, std::chrono::seconds(10), false);
            const auto statuses = StatusCodes(result.received);
            ASSERT_FALSE(statuses.empty()) << "round " << n << ", " << c.name << ": no answer";
            EXPECT_EQ(statuses.front(), c.status) << "round " << n << ", " << c.name;
        }
    };
    // Warm-up rounds first: each of the server's worker threads keeps allocator caches of its
    // own for each buffer size, allocated once and not growth (measured here: +1.6 MiB after 5
    // rounds, +3.6 after 20, +4.4 after 60 when counted from round 2).
    const int warm_up = EnvInt("RELIABILITY_OVERSIZED_WARM_UP", 10);
    for (int n = 0; n < warm_up; ++n) round(n);
    ASSERT_FALSE(::testing::Test::HasFailure());
    const double before = RssMib(server.pid());
    for (int n = warm_up; n < warm_up + rounds; ++n) round(n);
    const double after = RssMib(server.pid());
    EXPECT_EQ(http.Get("/readyz").status, 200) << "the server serves on";
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(server.SanitizerReport(), "");
    std::ostringstream figures;
    figures.precision(1);
    figures << std::fixed << "[figures] oversized input: " << rounds << " rounds of " << cases.size()
            << " cases, RSS " << before << " -> " << after << " MiB (+" << after - before << ")";
    std::cout << figures.str() << std::endl;
    EXPECT_LT(after - before, 5.0) << "memory grows with oversized input";
}

}  // namespace
}  // namespace ticketing::testing::reliability
