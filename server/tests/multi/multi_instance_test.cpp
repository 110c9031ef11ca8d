// Several stateless instances on one database (issue 4): what one instance writes the other
// reads, and the auto-close job running on every instance at once closes each ticket once.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include "app/auto_close_service.hpp"
#include "multi_support.hpp"
#include "platform/clock.hpp"

namespace ticketing::testing::multi {
namespace {

namespace bj = boost::json;

constexpr std::int64_t kStart = 1'775'000'000'000;  // 2026-03-31T23:33:20Z

// Instances A and B on one database, a service account's key and a CTI route.
struct TwoInstances {
    TestServer a;
    TestServer b{Second(a)};
    Headers key = ServiceKey(a);
    HttpClient ha = a.client();
    HttpClient hb = b.client();
    Route route = SeedRoute(hb, key);

    static TestServerOptions Second(TestServer& first) {
        TestServerOptions options;
        options.shared_database = &first.database();
        return options;
    }
};

TEST(MultiInstance, WritesThroughOneInstanceAreReadThroughTheOther) {
    TwoInstances both;
    const auto& [key, ha, hb, route] = std::tie(both.key, both.ha, both.hb, both.route);

    const auto created = ha.Post("/api/tickets", TicketBody(route, "made on A"), key);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = Str(created.Json().at("id"));
    const std::string display_id = Str(created.Json().at("displayId"));

    const auto read = hb.Get("/api/tickets/" + display_id, key);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(Str(read.Json().at("id")), id);
    EXPECT_EQ(Str(read.Json().at("title")), "made on A");

    const auto patched = hb.Patch("/api/tickets/" + id, R"({"title":"renamed on B","severity":1})", key);
    ASSERT_EQ(patched.status, 200) << patched.body;
    const auto comment = ha.Post("/api/tickets/" + id + "/comments", R"({"body":"comment on A"})", key);
    ASSERT_EQ(comment.status, 201) << comment.body;

    const auto again = ha.Get("/api/tickets/" + id, key).Json();
    EXPECT_EQ(Str(again.at("title")), "renamed on B");
    EXPECT_EQ(again.at("severity").to_number<int>(), 1);
    ASSERT_EQ(again.at("comments").as_array().size(), 1U);

    const auto audit = hb.Get("/api/tickets/" + id + "/audit", key);
    ASSERT_EQ(audit.status, 200) << audit.body;
    std::multiset<std::string> actions;
    const auto entries = audit.Json();
    for (const auto& entry : entries.as_array()) actions.insert(Str(entry.at("action")));
    EXPECT_EQ(actions, (std::multiset<std::string>{"CREATED", "TITLE_CHANGED", "SEVERITY_CHANGED",
                                                   "COMMENT_ADDED"}));

    const auto found = hb.Get("/api/tickets?search=renamed%20on%20B", key);
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_EQ(found.Json().as_array().size(), 1U) << found.body;

    // No sticky sessions: a token issued by A is accepted by B.
    const auto login = ha.Post("/api/auth/login",
                               bj::serialize(bj::object{{"username", "admin"}, {"password", kAdminPassword}}));
    ASSERT_EQ(login.status, 200) << login.body;
    const Headers bearer{{"Authorization", "Bearer " + Str(login.Json().at("token"))}};
    EXPECT_EQ(hb.Get("/api/auth/me", bearer).status, 200);
}

TEST(MultiInstance, ACachedPageOnOneInstanceShowsWritesMadeThroughTheOther) {
    // Each instance reuses rendered list pages while the data is unchanged (http/page_cache.hpp);
    // a commit by another instance must end that at once.
    TwoInstances both;
    const auto& [key, ha, hb, route] = std::tie(both.key, both.ha, both.hb, both.route);
    const auto created = ha.Post("/api/tickets", TicketBody(route, "before"), key);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = Str(created.Json().at("id"));

    const std::string page = "/api/tickets?status=OPEN&limit=50";
    const auto titles_on_a = [&] {
        std::multiset<std::string> out;
        for (int i = 0; i < 40; ++i) {  // every pooled read connection of A, each with its own copy
            const auto res = ha.Get(page, key);
            EXPECT_EQ(res.status, 200) << res.body;
            const auto list = res.Json();
            for (const auto& t : list.as_array()) out.insert(Str(t.at("title")));
        }
        return out;
    };
    const auto forty = [](const std::string& title) {
        const std::vector<std::string> copies(40, title);
        return std::multiset<std::string>(copies.begin(), copies.end());
    };
    EXPECT_EQ(titles_on_a(), forty("before"));
    ASSERT_EQ(hb.Patch("/api/tickets/" + id, R"({"title":"after"})", key).status, 200);
    EXPECT_EQ(titles_on_a(), forty("after"));
}

TEST(MultiInstance, AutoCloseOnEveryInstanceAtOnceClosesEachTicketExactlyOnce) {
    platform::FakeClock clock(kStart);
    TestServerOptions first;
    first.clock = &clock;
    TestServer a(first);
    TestServerOptions second;
    second.clock = &clock;
    second.shared_database = &a.database();
    TestServer b(second);
    const auto key = ServiceKey(a);
    const Route route = SeedRoute(a.client(), key);

    // More than one batch of the job (500), made and resolved through both instances.
    constexpr int kDue = 540;
    constexpr int kWriters = 4;
    std::array<std::vector<std::string>, kWriters> ids;
    RunConcurrently(kWriters, [&](int w) {
        const HttpClient http = (w % 2 == 0 ? a : b).client();
        for (int i = w; i < kDue; i += kWriters) {
            const auto res = http.Post("/api/tickets", TicketBody(route, "due " + std::to_string(i)), key);
            ASSERT_EQ(res.status, 201) << res.body;
            const std::string id = Str(res.Json().at("id"));
            const auto resolved = http.Patch("/api/tickets/" + id, R"({"status":"RESOLVED"})", key);
            ASSERT_EQ(resolved.status, 200) << resolved.body;
            ids[static_cast<std::size_t>(w)].push_back(id);
        }
    });
    ASSERT_FALSE(::testing::Test::HasFailure());

    // Resolved two days later: not due yet when the others are.
    clock.Advance(2 * platform::kDayMs);
    const auto late = a.client().Post("/api/tickets", TicketBody(route, "not due yet"), key);
    ASSERT_EQ(late.status, 201) << late.body;
    const std::string late_id = Str(late.Json().at("id"));
    ASSERT_EQ(a.client().Patch("/api/tickets/" + late_id, R"({"status":"RESOLVED"})", key).status, 200);

    clock.Advance(12 * platform::kDayMs + platform::kHourMs);  // t0 + 14 d + 1 h

    // Two runners per instance, all started together, twice over.
    std::array<std::atomic<int>, 4> closed{};
    for (int round = 0; round < 2; ++round) {
        RunConcurrently(4, [&](int r) {
            TestServer& instance = r % 2 == 0 ? a : b;
            closed[static_cast<std::size_t>(r)] += instance.runtime().auto_close().RunOnce();
        });
    }
    int total = 0;
    for (const auto& c : closed) total += c.load();
    EXPECT_EQ(total, kDue);

    store::Database& db = a.runtime().db();
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM tickets WHERE status = 'CLOSED'"), kDue);
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'STATUS_CHANGED' "
                           "AND user_id = 'system'"),
              kDue);
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM (SELECT ticket_id FROM audit_log WHERE action = "
                           "'STATUS_CHANGED' AND user_id = 'system' GROUP BY ticket_id "
                           "HAVING COUNT(*) > 1) AS twice"),
              0);

    // Through the API of the other instance: closed by System, one audit row each.
    for (const auto& id : {ids[0].front(), ids[1].back(), ids[3][7]}) {
        const auto ticket = b.client().Get("/api/tickets/" + id, key);
        ASSERT_EQ(ticket.status, 200) << ticket.body;
        EXPECT_EQ(Str(ticket.Json().at("status")), "CLOSED");
        int closes = 0;
        const auto entries = b.client().Get("/api/tickets/" + id + "/audit", key).Json();
        for (const auto& entry : entries.as_array()) {
            if (Str(entry.at("action")) == "STATUS_CHANGED" &&
                Str(entry.at("user").at("username")) == "system") {
                ++closes;
            }
        }
        EXPECT_EQ(closes, 1) << id;
    }
    const auto not_due = b.client().Get("/api/tickets/" + late_id, key);
    EXPECT_EQ(Str(not_due.Json().at("status")), "RESOLVED");
}

}  // namespace
}  // namespace ticketing::testing::multi
