#include <thread>

#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

class IdempotencyApi : public ApiTest {
protected:
    std::string Body(const std::string& title) {
        return bj::serialize(bj::object{{"title", title},
                                        {"severity", 4},
                                        {"categoryId", SeedRoute().category},
                                        {"typeId", SeedRoute().type},
                                        {"itemId", SeedRoute().item}});
    }
    std::size_t TicketCount() { return http().Get("/api/tickets", admin().auth).Json().as_array().size(); }
};

TEST_F(IdempotencyApi, RetriesReplayTheFirstResponseAndCreateNothing) {
    Headers headers = goddard().auth;
    headers.emplace_back("Idempotency-Key", "nightly-backup-2026-03-30");
    const auto first = http().Post("/api/tickets", Body("Backup done"), headers);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_FALSE(first.HasHeader("Idempotent-Replayed"));
    for (int i = 0; i < 9; ++i) {
        const auto again = http().Post("/api/tickets", Body("Backup done"), headers);
        EXPECT_EQ(again.status, 201);
        EXPECT_EQ(again.body, first.body) << "replays are byte-identical";
        EXPECT_EQ(again.Header("Location"), first.Header("Location"));
        EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
    }
    EXPECT_EQ(TicketCount(), 1u);
}

TEST_F(IdempotencyApi, ConcurrentRetriesCreateOneTicket) {
    Headers headers = goddard().auth;
    headers.emplace_back("Idempotency-Key", "concurrent-key");
    std::vector<std::thread> threads;
    std::vector<HttpResponse> responses(20);
    for (std::size_t i = 0; i < responses.size(); ++i) {
        threads.emplace_back([&, i] { responses[i] = http().Post("/api/tickets", Body("Once"), headers); });
    }
    for (auto& t : threads) t.join();
    for (const auto& res : responses) {
        EXPECT_EQ(res.status, 201) << res.body;
        EXPECT_EQ(res.body, responses[0].body);
    }
    EXPECT_EQ(TicketCount(), 1u);
}

TEST_F(IdempotencyApi, TheSameKeyWithAnotherRequestIs422) {
    Headers headers = goddard().auth;
    headers.emplace_back("Idempotency-Key", "k1");
    ASSERT_EQ(http().Post("/api/tickets", Body("First"), headers).status, 201);
    const auto other = http().Post("/api/tickets", Body("Second"), headers);
    EXPECT_EQ(other.status, 422);
    EXPECT_EQ(Str(other.Json().at("code")), "unprocessable");
    EXPECT_EQ(TicketCount(), 1u);
}

TEST_F(IdempotencyApi, KeysBelongToOneCaller) {
    const auto service = CreateAccount("SERVICE");
    Headers a = goddard().auth;
    a.emplace_back("Idempotency-Key", "shared");
    Headers b = service.auth;
    b.emplace_back("Idempotency-Key", "shared");
    ASSERT_EQ(http().Post("/api/tickets", Body("From goddard"), a).status, 201);
    const auto res = http().Post("/api/tickets", Body("From another"), b);
    EXPECT_EQ(res.status, 201);
    EXPECT_FALSE(res.HasHeader("Idempotent-Replayed"));
    EXPECT_EQ(TicketCount(), 2u);
}

TEST_F(IdempotencyApi, FailuresAreNotRememberedAndBadKeysAreRefused) {
    Headers headers = goddard().auth;
    headers.emplace_back("Idempotency-Key", "will-fail-first");
    const std::string bad = R"({"title":"x","severity":9,"categoryId":"a","typeId":"b","itemId":"c"})";
    // A refused request stores nothing, so the caller can fix it and retry under the same key.
    EXPECT_EQ(http().Post("/api/tickets", bad, headers).status, 400);
    EXPECT_EQ(http().Post("/api/tickets", Body("Now valid"), headers).status, 201);
    EXPECT_EQ(http().Post("/api/tickets", Body("Now valid"), headers).Header("Idempotent-Replayed"), "true");
    EXPECT_EQ(TicketCount(), 1u);
    Headers blank = goddard().auth;
    blank.emplace_back("Idempotency-Key", "has space");
    EXPECT_EQ(http().Post("/api/tickets", Body("x"), blank).status, 400);
}

TEST_F(IdempotencyApi, CommentsAreIdempotentToo) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    Headers headers = goddard().auth;
    headers.emplace_back("Idempotency-Key", "comment-1");
    const auto first = http().Post("/api/tickets/" + id + "/comments", R"({"body":"once"})", headers);
    const auto again = http().Post("/api/tickets/" + id + "/comments", R"({"body":"once"})", headers);
    ASSERT_EQ(first.status, 201);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(http().Get("/api/tickets/" + id, admin().auth).Json().at("_count").at("comments").as_int64(), 1);
    EXPECT_EQ(AuditActions(id).size(), 2u);
    Headers bad = goddard().auth;
    bad.emplace_back("Idempotency-Key", std::string(300, 'k'));
    EXPECT_EQ(http().Post("/api/tickets/" + id + "/comments", R"({"body":"x"})", bad).status, 400);
}

}  // namespace
}  // namespace ticketing::testing
