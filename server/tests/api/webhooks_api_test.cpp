#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "domain/webhook.hpp"
#include "http/json/writer.hpp"
#include "jobs/webhook_delivery_job.hpp"
#include "openapi_contract.hpp"
#include "platform/random.hpp"
#include "webhook_receiver.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

constexpr std::int64_t kStart = 1'790'000'000'000;
constexpr std::int64_t kMinute = 60'000;
constexpr const char* kSecret = "n8n-shared-secret-0123456789";

// Lowercase hex HMAC-SHA256, computed here with OpenSSL directly rather than with the server's
// own helper, so a bug there cannot hide in the check.
std::string Hmac(const std::string& key, const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

// What a receiver must check: the signature over "<timestamp>.<body>" with the shared secret.
void ExpectSigned(const ReceivedRequest& request, const std::string& secret) {
    const std::string timestamp = request.Header("X-Ticketing-Timestamp");
    ASSERT_FALSE(timestamp.empty());
    EXPECT_EQ(request.Header("X-Ticketing-Signature"),
              "sha256=" + Hmac(secret, timestamp + "." + request.body));
    EXPECT_NE(request.Header("X-Ticketing-Signature"),
              "sha256=" + Hmac(secret + "x", timestamp + "." + request.body));
}

// A delivered body must match its schema in docs/openapi.yaml, like every API response.
void ExpectDocumented(const ReceivedRequest& request, const std::string& schema) {
    const auto problems = OpenApiContract::Served().Validate(
        bj::object{{"$ref", "#/components/schemas/" + schema}}, bj::parse(request.body), "body");
    for (const auto& problem : problems) ADD_FAILURE() << schema << ": " << problem;
}

class WebhooksApi : public ApiTest {
protected:
    TestServerOptions ServerOptions() override {
        TestServerOptions options;
        options.clock = &clock_;
        return options;
    }

    // One round of the delivery job, as the background thread would run it.
    int Deliver() { return server().runtime().webhook_delivery().RunOnce(); }
    // Tokens expire as the fake clock moves on: log in afresh at the current fake time.
    Headers Admin() { return Bearer(Login("admin", kAdminPassword)); }

    bj::object CreateHook(const std::string& url, bj::object extra = {}) {
        bj::object body{
            {"url", url},
            {"secret", kSecret},
            {"events", bj::array{"ticket.created", "ticket.updated", "ticket.status_changed",
                                 "ticket.deleted", "comment.added", "comment.deleted"}}};
        for (const auto& member : extra) body[member.key()] = member.value();
        const auto res = http().Post("/api/webhooks", bj::serialize(body), Admin());
        EXPECT_EQ(res.status, 201) << res.body;
        return res.status == 201 ? res.Json().as_object() : bj::object{};
    }

    bj::array Deliveries(const std::string& hook, const std::string& query = "") {
        const auto res = http().Get("/api/webhooks/" + hook + "/deliveries" + query, Admin());
        EXPECT_EQ(res.status, 200) << res.body;
        return res.status == 200 ? res.Json().as_array() : bj::array{};
    }

    static bj::value Body(const ReceivedRequest& request) { return bj::parse(request.body); }
    static std::vector<std::string> Types(const std::vector<ReceivedRequest>& requests) {
        std::vector<std::string> out;
        for (const auto& r : requests) out.push_back(r.Header("X-Ticketing-Event"));
        return out;
    }

    platform::FakeClock clock_{kStart};
};

TEST_F(WebhooksApi, AdminCreatesListsUpdatesAndDeletesWebhooks) {
    const auto created = http().Post(
        "/api/webhooks",
        bj::serialize(bj::object{{"url", "https://hooks.example.com/in"},
                                 {"description", "n8n: triage"},
                                 {"events", bj::array{"comment.added", "ticket.created"}},
                                 {"maxSeverity", 2}}),
        admin().auth);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto hook = created.Json().as_object();
    const std::string id = Str(hook.at("id"));
    EXPECT_EQ(created.Header("Location"), "/api/webhooks/" + id);
    EXPECT_EQ(Str(hook.at("url")), "https://hooks.example.com/in");
    EXPECT_EQ(Serialize(hook.at("events")), R"(["ticket.created","comment.added"])")
        << "canonical order";
    EXPECT_EQ(hook.at("maxSeverity").as_int64(), 2);
    EXPECT_TRUE(hook.at("categoryId").is_null());
    EXPECT_TRUE(hook.at("active").as_bool());
    EXPECT_EQ(Str(hook.at("secret")).rfind("whsec_", 0), 0u)
        << "a secret is generated when none is given";

    // The secret is shown once: never again in a read.
    const auto list = http().Get("/api/webhooks", admin().auth);
    ASSERT_EQ(list.status, 200);
    ASSERT_EQ(list.Json().as_array().size(), 1u);
    EXPECT_EQ(list.body.find("secret"), std::string::npos);
    EXPECT_EQ(list.body.find(Str(hook.at("secret"))), std::string::npos);
    const auto got = http().Get("/api/webhooks/" + id, admin().auth);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.body.find("secret"), std::string::npos);

    const auto route = CreateRoute("Infra", "Disk", "Full");
    const auto patched =
        http().Patch("/api/webhooks/" + id,
                     bj::serialize(bj::object{{"categoryId", route.category},
                                              {"maxSeverity", nullptr},
                                              {"active", false},
                                              {"secret", "a-new-secret-of-enough-length"}}),
                     admin().auth);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(Str(patched.Json().at("categoryId")), route.category);
    EXPECT_TRUE(patched.Json().at("maxSeverity").is_null());
    EXPECT_FALSE(patched.Json().at("active").as_bool());
    EXPECT_EQ(Str(patched.Json().at("description")), "n8n: triage")
        << "absent fields keep their value";
    EXPECT_EQ(patched.body.find("secret"), std::string::npos);

    EXPECT_EQ(http().Delete("/api/webhooks/" + id, admin().auth).status, 204);
    EXPECT_EQ(http().Get("/api/webhooks/" + id, admin().auth).status, 404);
    EXPECT_EQ(http().Delete("/api/webhooks/" + id, admin().auth).status, 404);
    EXPECT_EQ(http().Patch("/api/webhooks/" + id, R"({"active":true})", admin().auth).status, 404);
    EXPECT_TRUE(http().Get("/api/webhooks", admin().auth).Json().as_array().empty());
}

TEST_F(WebhooksApi, OnlyAdminsManageWebhooks) {
    const std::string id = Str(CreateHook("http://127.0.0.1:9/hook").at("id"));
    const std::string body = R"({"url":"http://127.0.0.1:9/x","events":["ticket.created"]})";
    for (const auto& role : {"AGENT", "USER", "SERVICE"}) {
        const auto who = CreateAccount(role);
        SCOPED_TRACE(role);
        EXPECT_EQ(http().Get("/api/webhooks", who.auth).status, 403);
        EXPECT_EQ(http().Post("/api/webhooks", body, who.auth).status, 403);
        EXPECT_EQ(http().Get("/api/webhooks/" + id, who.auth).status, 403);
        EXPECT_EQ(http().Patch("/api/webhooks/" + id, R"({"active":false})", who.auth).status, 403);
        EXPECT_EQ(http().Post("/api/webhooks/" + id + "/test", "", who.auth).status, 403);
        EXPECT_EQ(http().Get("/api/webhooks/" + id + "/deliveries", who.auth).status, 403);
        EXPECT_EQ(
            http().Post("/api/webhooks/" + id + "/deliveries/x/redeliver", "", who.auth).status,
            403);
        EXPECT_EQ(http().Delete("/api/webhooks/" + id, who.auth).status, 403);
    }
    EXPECT_EQ(http().Get("/api/webhooks").status, 401);
    EXPECT_EQ(http().Post("/api/webhooks", body).status, 401);
    EXPECT_EQ(http().Delete("/api/webhooks/" + id).status, 401);

    const auto list = http().Get("/api/webhooks", admin().auth).Json().as_array();
    ASSERT_EQ(list.size(), 1u) << "nothing was created";
    EXPECT_TRUE(list[0].at("active").as_bool()) << "nothing was changed";
    EXPECT_TRUE(Deliveries(id).empty()) << "no ping was queued";
}

TEST_F(WebhooksApi, InvalidInputIsRefusedWithTheFieldNamedAndChangesNothing) {
    const std::string id = Str(CreateHook("http://127.0.0.1:9/hook").at("id"));
    const auto before = http().Get("/api/webhooks", admin().auth).body;
    const std::string events = R"("events":["ticket.created"])";
    // (body, the field named, whether the body is also a bad PATCH: only POST requires fields)
    struct Case {
        std::string body;
        std::string field;
        bool bad_patch = true;
    };
    const std::vector<Case> cases = {
        {R"({"url":"ftp://example.com/x",)" + events + "}", "url"},
        {R"({"url":"http://",)" + events + "}", "url"},
        {R"({"url":"http://user:pw@example.com/",)" + events + "}", "url"},
        {R"({"url":"example.com/hook",)" + events + "}", "url"},
        {R"({)" + events + "}", "url", false},
        {R"({"url":"http://example.com/","events":[]})", "events"},
        {R"({"url":"http://example.com/"})", "events", false},
        {R"({"url":"http://example.com/","events":"ticket.created"})", "events"},
        {R"({"url":"http://example.com/","events":["ticket.exploded"]})", "events[0]"},
        {R"({"url":"http://example.com/","events":[7]})", "events[0]"},
        {R"({"url":"http://example.com/","secret":"short",)" + events + "}", "secret"},
        {R"({"url":"http://example.com/","secret":"has spaces in it, sixteen+",)" + events + "}",
         "secret"},
        {R"({"url":"http://example.com/","categoryId":"nope",)" + events + "}", "categoryId"},
        {R"({"url":"http://example.com/","maxSeverity":0,)" + events + "}", "maxSeverity"},
        {R"({"url":"http://example.com/","maxSeverity":6,)" + events + "}", "maxSeverity"},
        {R"({"url":"http://example.com/","maxSeverity":"2",)" + events + "}", "maxSeverity"},
        {R"({"url":"http://example.com/","active":"yes",)" + events + "}", "active"},
        {R"({"url":"http://example.com/","evnts":[],)" + events + "}", "evnts"},
        {R"({"url":"http://example.com/","description":")" + std::string(201, 'd') + "\"," +
             events + "}",
         "description"},
    };
    for (const auto& [body, field, bad_patch] : cases) {
        const auto res = http().Post("/api/webhooks", body, admin().auth);
        EXPECT_EQ(res.status, 400) << body;
        if (res.status == 400) {
            EXPECT_TRUE(res.Json().at("fields").as_object().contains(field))
                << body << " -> " << res.body;
            EXPECT_EQ(Str(res.Json().at("code")), "invalid_input");
        }
        if (bad_patch) {
            EXPECT_EQ(http().Patch("/api/webhooks/" + id, body, admin().auth).status, 400) << body;
        }
    }
    EXPECT_EQ(http().Post("/api/webhooks", "[1,2]", admin().auth).status, 400);
    EXPECT_EQ(http()
                  .Post("/api/webhooks", R"({"url":"http://example.com/"})",
                        {{"Content-Type", "text/plain"}, admin().auth[0]})
                  .status,
              415);
    EXPECT_EQ(http().Get("/api/webhooks", admin().auth).body, before)
        << "nothing was created or changed";
}

TEST_F(WebhooksApi, EveryChangeIsDeliveredSignedWithItsTypeAndPayload) {
    WebhookReceiver receiver;
    const std::string hook = Str(CreateHook(receiver.Url("/in?source=ticketing")).at("id"));

    const auto ticket = CreateTicket(admin().auth, {{"severity", 2}});
    const std::string id = Str(ticket.at("id"));
    ASSERT_EQ(http()
                  .Patch("/api/tickets/" + id, R"({"status":"IN_PROGRESS","title":"Renamed"})",
                         admin().auth)
                  .status,
              200);
    ASSERT_EQ(http().Patch("/api/tickets/" + id, R"({"title":"Renamed"})", admin().auth).status,
              200)
        << "a no-op patch announces nothing";
    const auto comment =
        http().Post("/api/tickets/" + id + "/comments", R"({"body":"On it"})", admin().auth);
    ASSERT_EQ(comment.status, 201);
    ASSERT_EQ(http()
                  .Delete("/api/tickets/" + id + "/comments/" + Str(comment.Json().at("id")),
                          admin().auth)
                  .status,
              204);
    ASSERT_EQ(http().Post("/api/tickets", R"({"title":""})", admin().auth).status, 400)
        << "refused: no event";
    ASSERT_EQ(http().Delete("/api/tickets/" + id, admin().auth).status, 204);

    EXPECT_EQ(Deliver(), 6);
    const auto received = receiver.WaitFor(6);
    ASSERT_EQ(received.size(), 6u);
    // One round sends concurrently; order by event creation for the checks.
    std::multiset<std::string> types;
    for (const auto& r : received) types.insert(r.Header("X-Ticketing-Event"));
    EXPECT_EQ(types, (std::multiset<std::string>{"ticket.created", "ticket.updated",
                                                 "ticket.status_changed", "comment.added",
                                                 "comment.deleted", "ticket.deleted"}));

    std::set<std::string> delivery_ids;
    std::set<std::string> event_ids;
    for (const auto& r : received) {
        SCOPED_TRACE(r.Header("X-Ticketing-Event"));
        EXPECT_EQ(r.method, "POST");
        EXPECT_EQ(r.target, "/in?source=ticketing");
        EXPECT_EQ(r.Header("Content-Type"), "application/json");
        EXPECT_EQ(r.Header("X-Ticketing-Timestamp"), std::to_string(kStart / 1000))
            << "the injected clock";
        ExpectSigned(r, kSecret);
        ExpectDocumented(r, "WebhookEvent");
        delivery_ids.insert(r.Header("X-Ticketing-Delivery"));
        const auto body = Body(r).as_object();
        event_ids.insert(Str(body.at("id")));
        EXPECT_EQ(Str(body.at("type")), r.Header("X-Ticketing-Event"));
        EXPECT_EQ(Str(body.at("ticketId")), id);
        EXPECT_EQ(Str(body.at("displayId")), Str(ticket.at("displayId")));
        EXPECT_EQ(Str(body.at("actor").at("username")), "admin");
        const std::string type = Str(body.at("type"));
        if (type == "ticket.status_changed") {
            EXPECT_EQ(Str(body.at("previousStatus")), "OPEN");
            EXPECT_EQ(Str(body.at("ticket").at("status")), "IN_PROGRESS");
        }
        if (type == "ticket.updated") {
            EXPECT_EQ(
                Serialize(body.at("changes")),
                R"([{"action":"TITLE_CHANGED","detail":"Renamed"},{"action":"STATUS_CHANGED","detail":"Open → In Progress"}])");
            EXPECT_FALSE(body.contains("previousStatus"));
        }
        if (type == "comment.added") {
            EXPECT_EQ(Str(body.at("comment").at("body")), "On it");
        }
        if (type == "ticket.deleted") {
            EXPECT_EQ(Str(body.at("ticket").at("title")), "Renamed") << "its last state";
        }
    }
    EXPECT_EQ(delivery_ids.size(), 6u);
    EXPECT_EQ(event_ids.size(), 6u);

    const auto log = Deliveries(hook);
    ASSERT_EQ(log.size(), 6u);
    for (const auto& d : log) {
        EXPECT_EQ(Str(d.at("status")), "DELIVERED");
        EXPECT_EQ(d.at("attempts").as_int64(), 1);
        EXPECT_EQ(d.at("lastStatusCode").as_int64(), 200);
        EXPECT_TRUE(d.at("lastError").is_null());
        EXPECT_TRUE(d.at("nextAttemptAt").is_null());
        EXPECT_TRUE(delivery_ids.count(Str(d.at("id")))) << "the log names what the receiver saw";
        EXPECT_TRUE(event_ids.count(Str(d.at("eventId"))));
    }
    EXPECT_EQ(Deliver(), 0) << "nothing is sent twice";
}

TEST_F(WebhooksApi, SubscriptionsFilterByTypeCategoryAndSeverity) {
    WebhookReceiver receiver;
    const auto infra = CreateRoute("Infra", "Disk", "Full");
    CreateHook(receiver.Url("/created-sev2"),
               {{"events", bj::array{"ticket.created"}}, {"maxSeverity", 2}});
    CreateHook(receiver.Url("/infra"), {{"events", bj::array{"ticket.created", "comment.added"}},
                                        {"categoryId", infra.category}});
    CreateHook(receiver.Url("/off"), {{"active", false}});

    CreateTicket(admin().auth, {{"severity", 1}});  // -> created-sev2
    CreateTicket(admin().auth, {{"severity", 3}});  // -> nobody
    const auto in_infra = CreateTicket(admin().auth, {{"severity", 4},
                                                      {"categoryId", infra.category},
                                                      {"typeId", infra.type},
                                                      {"itemId", infra.item}});  // -> infra
    ASSERT_EQ(http()
                  .Post("/api/tickets/" + Str(in_infra.at("id")) + "/comments", R"({"body":"x"})",
                        admin().auth)
                  .status,
              201);  // -> infra
    ASSERT_EQ(
        http()
            .Patch("/api/tickets/" + Str(in_infra.at("id")), R"({"severity":2})", admin().auth)
            .status,
        200);  // ticket.updated: nobody subscribed

    EXPECT_EQ(Deliver(), 3);
    std::multiset<std::string> got;
    for (const auto& r : receiver.WaitFor(3))
        got.insert(r.target + " " + r.Header("X-Ticketing-Event"));
    EXPECT_EQ(got, (std::multiset<std::string>{"/created-sev2 ticket.created",
                                               "/infra ticket.created", "/infra comment.added"}));
}

TEST_F(WebhooksApi, ReceiverDownThenUpGetsTheEventExactlyOnce) {
    const std::uint16_t port = UnusedPort();
    const std::string hook =
        Str(CreateHook("http://127.0.0.1:" + std::to_string(port) + "/hook").at("id"));
    CreateTicket(admin().auth);

    EXPECT_EQ(Deliver(), 1) << "first attempt at once";
    auto log = Deliveries(hook);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(Str(log[0].at("status")), "PENDING");
    EXPECT_EQ(log[0].at("attempts").as_int64(), 1);
    EXPECT_TRUE(log[0].at("lastStatusCode").is_null());
    EXPECT_FALSE(Str(log[0].at("lastError")).empty());
    EXPECT_EQ(Str(log[0].at("nextAttemptAt")), http::json::FormatTime(kStart + kMinute))
        << "retried one minute later";
    EXPECT_EQ(Deliver(), 0) << "not before";

    WebhookReceiver receiver(port);
    clock_.Advance(kMinute - 1);
    EXPECT_EQ(Deliver(), 0);
    EXPECT_TRUE(receiver.Received().empty());
    clock_.Advance(1);
    EXPECT_EQ(Deliver(), 1);
    ASSERT_EQ(receiver.WaitFor(1).size(), 1u);
    ExpectSigned(receiver.Received()[0], kSecret);

    log = Deliveries(hook);
    EXPECT_EQ(Str(log[0].at("status")), "DELIVERED");
    EXPECT_EQ(log[0].at("attempts").as_int64(), 2);
    EXPECT_EQ(log[0].at("lastStatusCode").as_int64(), 200);
    clock_.Advance(2 * platform::kDayMs);
    EXPECT_EQ(Deliver(), 0);
    EXPECT_EQ(receiver.Received().size(), 1u) << "delivered exactly once";
}

TEST_F(WebhooksApi, FailuresBackOffExponentiallyThenGiveUpAndCanBeRedelivered) {
    WebhookReceiver receiver;
    receiver.RespondWith(500, "database on fire");
    const std::string hook = Str(CreateHook(receiver.Url()).at("id"));
    CreateTicket(admin().auth);

    std::int64_t waited = 0;
    for (int attempt = 1; attempt <= domain::kMaxDeliveryAttempts; ++attempt) {
        SCOPED_TRACE(attempt);
        ASSERT_EQ(Deliver(), 1);
        const auto d = Deliveries(hook).at(0);
        EXPECT_EQ(d.at("attempts").as_int64(), attempt);
        EXPECT_EQ(d.at("lastStatusCode").as_int64(), 500);
        EXPECT_EQ(Str(d.at("lastError")), "HTTP 500: database on fire");
        if (attempt == domain::kMaxDeliveryAttempts) {
            EXPECT_EQ(Str(d.at("status")), "FAILED");
            EXPECT_TRUE(d.at("nextAttemptAt").is_null());
            break;
        }
        EXPECT_EQ(Str(d.at("status")), "PENDING");
        const std::int64_t delay = domain::RetryDelayMs(attempt);
        EXPECT_EQ(Str(d.at("nextAttemptAt")), http::json::FormatTime(clock_.NowMs() + delay));
        if (attempt > 1) {
            EXPECT_GT(delay, domain::RetryDelayMs(attempt - 1) - 1);
        }
        clock_.Advance(delay - 1);
        EXPECT_EQ(Deliver(), 0) << "not before its time";
        clock_.Advance(1);
        waited += delay;
    }
    EXPECT_GT(waited, 18 * platform::kHourMs) << "the attempts span about a day";
    EXPECT_LT(waited, 30 * platform::kHourMs);
    clock_.Advance(7 * platform::kDayMs);
    EXPECT_EQ(Deliver(), 0) << "given up";
    const auto received = receiver.Received();
    ASSERT_EQ(received.size(), static_cast<std::size_t>(domain::kMaxDeliveryAttempts));
    for (const auto& r : received) {
        EXPECT_EQ(r.Header("X-Ticketing-Delivery"), received[0].Header("X-Ticketing-Delivery"));
        EXPECT_EQ(r.body, received[0].body) << "every attempt sends the same event";
        ExpectSigned(r, kSecret);
    }

    const std::string failed = Str(Deliveries(hook).at(0).at("id"));
    receiver.RespondWith(204, "");
    const auto redelivery =
        http().Post("/api/webhooks/" + hook + "/deliveries/" + failed + "/redeliver", "", Admin());
    ASSERT_EQ(redelivery.status, 202) << redelivery.body;
    EXPECT_EQ(Str(redelivery.Json().at("redeliveryOf")), failed);
    EXPECT_EQ(Str(redelivery.Json().at("status")), "PENDING");
    EXPECT_EQ(Deliver(), 1);
    const auto last = receiver.WaitFor(received.size() + 1).back();
    EXPECT_EQ(last.Header("X-Ticketing-Delivery"), Str(redelivery.Json().at("id")))
        << "a new delivery id";
    EXPECT_EQ(last.body, received[0].body) << "the same event";
    const auto log = Deliveries(hook);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(Str(log[0].at("status")), "DELIVERED") << "newest first";
    EXPECT_EQ(log[0].at("lastStatusCode").as_int64(), 204);
    EXPECT_EQ(Str(log[1].at("status")), "FAILED");

    EXPECT_EQ(Deliveries(hook, "?status=FAILED").size(), 1u);
    EXPECT_EQ(Deliveries(hook, "?status=DELIVERED&limit=1").size(), 1u);
    EXPECT_EQ(Deliveries(hook, "?limit=1").size(), 1u);
    EXPECT_EQ(http().Get("/api/webhooks/" + hook + "/deliveries?status=LOST", Admin()).status, 400);
    EXPECT_EQ(http().Get("/api/webhooks/" + hook + "/deliveries?limit=0", Admin()).status, 400);
    EXPECT_EQ(http().Get("/api/webhooks/nope/deliveries", Admin()).status, 404);
    EXPECT_EQ(
        http().Post("/api/webhooks/" + hook + "/deliveries/nope/redeliver", "", Admin()).status,
        404);
    const std::string other = Str(CreateHook(receiver.Url("/other")).at("id"));
    EXPECT_EQ(
        http()
            .Post("/api/webhooks/" + other + "/deliveries/" + failed + "/redeliver", "", Admin())
            .status,
        404)
        << "a delivery of another webhook";
}

TEST_F(WebhooksApi, PingIsQueuedDeliveredAndLogged) {
    WebhookReceiver receiver;
    const std::string hook = Str(CreateHook(receiver.Url()).at("id"));
    const auto ping = http().Post("/api/webhooks/" + hook + "/test", "", admin().auth);
    ASSERT_EQ(ping.status, 202) << ping.body;
    EXPECT_EQ(Str(ping.Json().at("eventType")), "ping");
    EXPECT_TRUE(ping.Json().at("eventId").is_null());
    EXPECT_EQ(Deliver(), 1);
    const auto received = receiver.WaitFor(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].Header("X-Ticketing-Event"), "ping");
    EXPECT_EQ(received[0].Header("X-Ticketing-Delivery"), Str(ping.Json().at("id")));
    ExpectSigned(received[0], kSecret);
    ExpectDocumented(received[0], "WebhookPing");
    const auto body = Body(received[0]);
    EXPECT_EQ(Str(body.at("type")), "ping");
    EXPECT_EQ(Str(body.at("webhook").at("id")), hook);
    EXPECT_FALSE(body.at("webhook").as_object().contains("secret"));
    EXPECT_EQ(Str(Deliveries(hook).at(0).at("status")), "DELIVERED");

    EXPECT_EQ(http().Post("/api/webhooks/nope/test", "", admin().auth).status, 404);
    ASSERT_EQ(http().Patch("/api/webhooks/" + hook, R"({"active":false})", admin().auth).status,
              200);
    EXPECT_EQ(http().Post("/api/webhooks/" + hook + "/test", "", admin().auth).status, 409);
}

TEST_F(WebhooksApi, InactiveAndDeletedWebhooksReceiveNothing) {
    WebhookReceiver receiver;
    const std::string paused = Str(CreateHook(receiver.Url("/paused")).at("id"));
    const std::string removed = Str(CreateHook(receiver.Url("/removed")).at("id"));
    ASSERT_EQ(http().Patch("/api/webhooks/" + paused, R"({"active":false})", admin().auth).status,
              200);
    CreateTicket(admin().auth);
    EXPECT_TRUE(Deliveries(paused).empty()) << "inactive: nothing queued";
    EXPECT_EQ(Deliveries(removed).size(), 1u);
    ASSERT_EQ(http().Delete("/api/webhooks/" + removed, admin().auth).status, 204);
    EXPECT_EQ(Deliver(), 0) << "its pending delivery went with it";
    EXPECT_TRUE(receiver.Received().empty());
}

TEST_F(WebhooksApi, DeliversOverHttpsOnlyToACertificateItTrusts) {
    const auto certificate = MakeSelfSignedCertificate();
    WebhookReceiver receiver(0, &certificate);
    const std::string hook = Str(CreateHook(receiver.Url()).at("id"));
    CreateTicket(admin().auth);
    EXPECT_EQ(Deliver(), 1);
    const auto refused = Deliveries(hook).at(0);
    EXPECT_EQ(Str(refused.at("status")), "PENDING");
    EXPECT_NE(Str(refused.at("lastError")).find("certificate verify failed"), std::string::npos)
        << Str(refused.at("lastError"));
    EXPECT_TRUE(receiver.Received().empty()) << "nothing was sent to an unverified peer";

    // A server that trusts the receiver's certificate (OpenSSL reads SSL_CERT_FILE) delivers.
    const auto ca = server().database().dir() / "receiver-ca.pem";
    std::ofstream(ca) << certificate.certificate_pem;
    ::setenv("SSL_CERT_FILE", ca.c_str(), 1);
    TestServerOptions options;
    options.clock = &clock_;
    options.shared_database = &server().database();
    TestServer trusting(options);
    ::unsetenv("SSL_CERT_FILE");
    clock_.Advance(kMinute);
    EXPECT_EQ(trusting.runtime().webhook_delivery().RunOnce(), 1);
    const auto received = receiver.WaitFor(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].Header("X-Ticketing-Event"), "ticket.created");
    ExpectSigned(received[0], kSecret);
    EXPECT_EQ(Str(Deliveries(hook).at(0).at("status")), "DELIVERED");
}

// The server stops after the change committed and before the event went out: the outbox row
// survives, and a server started on the same database delivers it (once).
TEST_F(WebhooksApi, AnEventCommittedBeforeAStopIsDeliveredAfterTheRestart) {
    WebhookReceiver receiver;
    CreateHook(receiver.Url());
    const std::string ticket = Str(CreateTicket(admin().auth).at("id"));
    server().Stop();
    EXPECT_TRUE(receiver.Received().empty());

    TestServerOptions options;
    options.clock = &clock_;
    options.shared_database = &server().database();
    options.start_jobs = true;  // the background job, woken by nothing: it finds the outbox row
    TestServer restarted(options);
    const auto received = receiver.WaitFor(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(Str(Body(received[0]).at("ticketId")), ticket);
    EXPECT_EQ(received[0].Header("X-Ticketing-Event"), "ticket.created");
    ExpectSigned(received[0], kSecret);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(receiver.Received().size(), 1u) << "delivered once";
}

// Cut short mid-attempt (the receiver never answers and the server stops): the claim expires and
// the delivery is retried after the restart, with the same delivery id for the receiver to dedupe.
TEST_F(WebhooksApi, AnAttemptCutShortByAStopIsRetriedAfterItsLease) {
    WebhookReceiver receiver;
    receiver.Hang();
    const std::string hook = Str(CreateHook(receiver.Url()).at("id"));
    CreateTicket(admin().auth);
    std::thread round([this] { Deliver(); });
    ASSERT_EQ(receiver.WaitFor(1).size(), 1u) << "the attempt reached the receiver";
    server().runtime().webhook_delivery().Stop();
    round.join();
    server().Stop();

    receiver.Stop();
    WebhookReceiver answering(receiver.port());
    TestServerOptions options;
    options.clock = &clock_;
    options.shared_database = &server().database();
    TestServer restarted(options);
    EXPECT_EQ(restarted.runtime().webhook_delivery().RunOnce(), 0) << "still claimed";
    clock_.Advance(2 * kMinute);
    EXPECT_EQ(restarted.runtime().webhook_delivery().RunOnce(), 1);
    const auto received = answering.WaitFor(1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].Header("X-Ticketing-Delivery"),
              receiver.Received()[0].Header("X-Ticketing-Delivery"));
    const HttpClient client(restarted.port());
    const auto login =
        client.Post("/api/auth/login",
                    bj::serialize(bj::object{{"username", "admin"}, {"password", kAdminPassword}}));
    ASSERT_EQ(login.status, 200);
    const auto log =
        client.Get("/api/webhooks/" + hook + "/deliveries", Bearer(Str(login.Json().at("token"))));
    ASSERT_EQ(log.status, 200);
    EXPECT_EQ(Str(log.Json().at(0).at("status")), "DELIVERED");
    EXPECT_EQ(log.Json().at(0).at("attempts").as_int64(), 2) << "the cut-short attempt counts";
}

// Two servers on one database, each running delivery rounds at the same time: every event is
// sent by exactly one of them.
TEST_F(WebhooksApi, SeveralInstancesDeliverEachEventOnce) {
    WebhookReceiver receiver;
    CreateHook(receiver.Url());
    constexpr int kTickets = 40;
    for (int i = 0; i < kTickets; ++i) CreateTicket(admin().auth);

    TestServerOptions options;
    options.clock = &clock_;
    options.shared_database = &server().database();
    TestServer second(options);
    std::atomic<int> sent{0};
    const auto drain = [&sent](runtime::Runtime& r) {
        try {
            for (int idle = 0; idle < 3;) {
                const int n = r.webhook_delivery().RunOnce();
                sent += n;
                idle = n == 0 ? idle + 1 : 0;
            }
        } catch (const std::exception& e) {
            ADD_FAILURE() << "a delivery round failed: " << e.what();
        }
    };
    std::thread a([&] { drain(server().runtime()); });
    std::thread b([&] { drain(second.runtime()); });
    a.join();
    b.join();
    EXPECT_EQ(sent.load(), kTickets);
    const auto received = receiver.WaitFor(kTickets);
    EXPECT_EQ(received.size(), static_cast<std::size_t>(kTickets));
    std::set<std::string> ids;
    for (const auto& r : received) ids.insert(r.Header("X-Ticketing-Delivery"));
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kTickets)) << "no delivery was sent twice";
}

}  // namespace
}  // namespace ticketing::testing
