// GET /api/events: live updates as Server-Sent Events (issue 8, item 2).
#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "api_fixture.hpp"
#include "sse_client.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;
using namespace std::chrono_literals;

class EventsApi : public ApiTest {
protected:
    TestServerOptions ServerOptions() override {
        TestServerOptions o;
        o.env["EVENTS_HEARTBEAT_SECONDS"] = "1";
        return o;
    }

    static auto Count(std::size_t n) {
        return [n](const std::vector<SseEvent>& events) { return events.size() >= n; };
    }
    static std::vector<std::string> Types(const std::vector<SseEvent>& events) {
        std::vector<std::string> out;
        for (const auto& e : events) out.push_back(e.event);
        return out;
    }
};

TEST_F(EventsApi, ChangesArriveInCommitOrderWithTheWebhookDocument) {
    SseClient stream(server().port(), "/api/events", admin().auth);
    ASSERT_EQ(stream.status(), 200);
    EXPECT_NE(stream.head().find("Content-Type: text/event-stream"), std::string::npos) << stream.head();

    const auto ticket = CreateTicket(goddard().auth, {{"title", "Disk full on backup01"}});
    const std::string id = Str(ticket.at("id"));
    ASSERT_EQ(http().Patch("/api/tickets/" + id, R"({"status":"IN_PROGRESS"})", admin().auth).status, 200);
    ASSERT_EQ(http().Post("/api/tickets/" + id + "/comments", R"({"body":"On it"})", admin().auth).status, 201);

    const auto& events = stream.ReadUntil(Count(4), 10s);
    ASSERT_EQ(Types(events), (std::vector<std::string>{"ticket.created", "ticket.updated",
                                                       "ticket.status_changed", "comment.added"}));
    EXPECT_EQ(stream.text().rfind("retry: 3000\n\n", 0), 0u) << "the stream opens with the retry delay";
    for (std::size_t i = 1; i < events.size(); ++i) {
        EXPECT_LT(std::stoll(events[i - 1].id), std::stoll(events[i].id)) << "ids rise with commit order";
    }
    const auto created = bj::parse(events[0].data).as_object();
    EXPECT_EQ(Str(created.at("type")), "ticket.created");
    EXPECT_EQ(Str(created.at("ticketId")), id);
    EXPECT_EQ(Str(created.at("ticket").at("title")), "Disk full on backup01");
    EXPECT_EQ(Str(created.at("actor").at("username")), "goddard");
    const auto status = bj::parse(events[2].data).as_object();
    EXPECT_EQ(Str(status.at("previousStatus")), "OPEN");
    EXPECT_EQ(Str(status.at("ticket").at("status")), "IN_PROGRESS");
    const auto comment = bj::parse(events[3].data);
    EXPECT_EQ(Str(comment.at("comment").at("body")), "On it");
    EXPECT_EQ(comment.at("ticket").at("_count").at("comments").as_int64(), 1) << "the ticket as the comment left it";
    EXPECT_EQ(Str(comment.at("ticket").at("status")), "IN_PROGRESS");
}

TEST_F(EventsApi, LastEventIdReplaysWhatWasMissedExactlyOnce) {
    std::string last_id;
    {
        SseClient stream(server().port(), "/api/events", admin().auth);
        CreateTicket(admin().auth, {{"title", "first"}});
        const auto& events = stream.ReadUntil(Count(1), 10s);
        ASSERT_EQ(events.size(), 1u);
        last_id = events[0].id;
    }
    // Missed while disconnected.
    CreateTicket(admin().auth, {{"title", "second"}});
    CreateTicket(admin().auth, {{"title", "third"}});

    Headers headers = admin().auth;
    headers.emplace_back("Last-Event-ID", last_id);
    SseClient resumed(server().port(), "/api/events", headers);
    ASSERT_EQ(resumed.status(), 200);
    CreateTicket(admin().auth, {{"title", "fourth"}});
    const auto& events = resumed.ReadUntil(Count(3), 10s);
    std::vector<std::string> titles;
    for (const auto& e : events) titles.push_back(Str(bj::parse(e.data).at("ticket").at("title")));
    EXPECT_EQ(titles, (std::vector<std::string>{"second", "third", "fourth"}));

    // The query form, for clients that cannot set headers, resumes the same way.
    SseClient by_query(server().port(), "/api/events?lastEventId=" + last_id, admin().auth);
    EXPECT_EQ(by_query.ReadUntil(Count(3), 10s).size(), 3u);
}

TEST_F(EventsApi, WithoutLastEventIdOnlyNewEventsArrive) {
    CreateTicket(admin().auth, {{"title", "before"}});
    SseClient stream(server().port(), "/api/events", goddard().auth);  // an API key works too
    ASSERT_EQ(stream.status(), 200);
    CreateTicket(admin().auth, {{"title", "after"}});
    const auto& events = stream.ReadUntil(Count(1), 10s);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(Str(bj::parse(events[0].data).at("ticket").at("title")), "after");
}

TEST_F(EventsApi, HeartbeatsKeepAQuietStreamAlive) {
    SseClient stream(server().port(), "/api/events", admin().auth);
    stream.ReadUntil([&](const auto&) { return stream.text().find(": keep-alive\n\n") != std::string::npos; }, 5s);
    EXPECT_NE(stream.text().find(": keep-alive\n\n"), std::string::npos) << stream.text();
    EXPECT_FALSE(stream.ended());
}

TEST_F(EventsApi, EveryRoleMayListenAndNobodyElse) {
    for (const std::string role : {"USER", "AGENT", "SERVICE"}) {
        SseClient stream(server().port(), "/api/events", CreateAccount(role).auth);
        EXPECT_EQ(stream.status(), 200) << role;
    }
    SseClient anonymous(server().port(), "/api/events", {});
    EXPECT_EQ(anonymous.status(), 401);
    SseClient bad(server().port(), "/api/events", {{"Authorization", "Bearer nope"}});
    EXPECT_EQ(bad.status(), 401);
}

TEST_F(EventsApi, AMalformedLastEventIdIs400) {
    for (const std::string value : {"abc", "-1", "1.5", "99999999999999999999"}) {
        Headers headers = admin().auth;
        headers.emplace_back("Last-Event-ID", value);
        SseClient stream(server().port(), "/api/events", headers);
        EXPECT_EQ(stream.status(), 400) << value;
    }
}

TEST_F(EventsApi, EventsMadeOnAnotherInstanceArrive) {
    TestServerOptions second;
    second.shared_database = &server().database();
    TestServer other(second);
    SseClient stream(server().port(), "/api/events", admin().auth);
    ASSERT_EQ(stream.status(), 200);
    // Written through the other instance: this one learns of it from the shared event log.
    HttpClient other_http(other.port());
    const auto res = other_http.Post("/api/tickets",
                                     bj::serialize(bj::object{{"title", "via the other instance"},
                                                              {"severity", 3},
                                                              {"categoryId", SeedRoute().category},
                                                              {"typeId", SeedRoute().type},
                                                              {"itemId", SeedRoute().item}}),
                                     admin().auth);
    ASSERT_EQ(res.status, 201) << res.body;
    const auto& events = stream.ReadUntil(Count(1), 10s);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(Str(bj::parse(events[0].data).at("ticket").at("title")), "via the other instance");
    if (server().database().postgres()) {
        // Woken by the other instance's NOTIFY, not only by the fallback poll. The poll may
        // deliver the event a moment before the notification is counted, so allow it a moment.
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (Metric("ticketing_events_notifications_total") < 1 &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(50ms);
        }
        EXPECT_GE(Metric("ticketing_events_notifications_total"), 1);
    }
}

TEST_F(EventsApi, WithoutAListenerWritesDoNotMakeTheFeedReadTheLog) {
    // The feed reads the log once per poll interval (1 s) while nobody listens; a read after
    // every commit would cost each write one more query.
    const double before = Metric("ticketing_events_log_reads_total");
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) CreateTicket(admin().auth, {{"title", "unheard " + std::to_string(i)}});
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - start);
    const double reads = Metric("ticketing_events_log_reads_total") - before;
    EXPECT_LE(reads, static_cast<double>(seconds.count()) + 2) << "20 writes in " << seconds.count() << " s";

    // A listener that joins is served at once, from where the lazy feed had got to.
    SseClient stream(server().port(), "/api/events", admin().auth);
    ASSERT_EQ(stream.status(), 200);
    CreateTicket(admin().auth, {{"title", "heard"}});
    const auto& events = stream.ReadUntil(Count(1), 10s);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(Str(bj::parse(events[0].data).at("ticket").at("title")), "heard");
    EXPECT_GT(Metric("ticketing_events_log_reads_total"), before + reads);
}

TEST_F(EventsApi, ShutdownEndsOpenStreams) {
    SseClient stream(server().port(), "/api/events", admin().auth);
    ASSERT_EQ(stream.status(), 200);
    const auto started = std::chrono::steady_clock::now();
    server().runtime().Shutdown(5000ms);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "a live stream must not hold the drain";
    stream.ReadUntil([](const auto&) { return false; }, 3s);
    EXPECT_TRUE(stream.ended());
}

}  // namespace
}  // namespace ticketing::testing
