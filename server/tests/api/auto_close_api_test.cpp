#include "api_fixture.hpp"
#include "app/auto_close_service.hpp"

namespace ticketing::testing {
namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;

class AutoCloseApi : public ApiTest {
protected:
    TestServerOptions ServerOptions() override {
        TestServerOptions options;
        options.clock = &clock_;
        return options;
    }
    int RunJob() { return server().runtime().auto_close().RunOnce(); }
    // Tokens expire as the fake clock moves on: log in afresh at the current fake time.
    Headers Admin() { return Bearer(Login("admin", kAdminPassword)); }

    platform::FakeClock clock_{1'790'000'000'000};
};

TEST_F(AutoCloseApi, ResolvedTicketsCloseAfterFourteenDaysWithAnAuditEntry) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    ASSERT_EQ(http().Patch("/api/tickets/" + id, R"({"status":"RESOLVED"})", admin().auth).status, 200);

    clock_.Advance(14 * kDay - kHour);
    EXPECT_EQ(RunJob(), 0);
    EXPECT_EQ(Str(http().Get("/api/tickets/" + id, Admin()).Json().at("status")), "RESOLVED");

    clock_.Advance(2 * kHour);
    EXPECT_EQ(RunJob(), 1);
    const auto ticket = http().Get("/api/tickets/" + id, Admin()).Json();
    EXPECT_EQ(Str(ticket.at("status")), "CLOSED");
    const auto audit = http().Get("/api/tickets/" + id + "/audit", Admin()).Json().as_array();
    EXPECT_EQ(Str(audit[0].at("action")), "STATUS_CHANGED");
    EXPECT_EQ(Str(audit[0].at("detail")), "Resolved → Closed");
    EXPECT_EQ(Str(audit[0].at("user").at("username")), "system");
    EXPECT_EQ(RunJob(), 0) << "a ticket is closed once";
    EXPECT_EQ(audit.size(), 3u);
}

TEST_F(AutoCloseApi, ReopeningResetsTheTimer) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    ASSERT_EQ(http().Patch("/api/tickets/" + id, R"({"status":"RESOLVED"})", admin().auth).status, 200);
    clock_.Advance(10 * kDay);
    ASSERT_EQ(http().Patch("/api/tickets/" + id, R"({"status":"OPEN"})", Admin()).status, 200);
    ASSERT_EQ(http().Patch("/api/tickets/" + id, R"({"status":"RESOLVED"})", Admin()).status, 200);
    clock_.Advance(13 * kDay);
    EXPECT_EQ(RunJob(), 0);
    clock_.Advance(1 * kDay);
    EXPECT_EQ(RunJob(), 1);
}

TEST_F(AutoCloseApi, OnlyResolvedTicketsAreClosed) {
    const std::string open = Str(CreateTicket(admin().auth).at("id"));
    const std::string progress = Str(CreateTicket(admin().auth).at("id"));
    ASSERT_EQ(http().Patch("/api/tickets/" + progress, R"({"status":"IN_PROGRESS"})", admin().auth).status, 200);
    clock_.Advance(100 * kDay);
    EXPECT_EQ(RunJob(), 0);
    EXPECT_EQ(Str(http().Get("/api/tickets/" + open, Admin()).Json().at("status")), "OPEN");
}

}  // namespace
}  // namespace ticketing::testing
