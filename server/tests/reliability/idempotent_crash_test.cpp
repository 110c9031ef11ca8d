// TESTPLAN REL-12, the part the API tests cannot reach: the server is killed (SIGKILL) after a
// write's COMMIT and before its response, so the automation that sent it saw no answer and
// retries with the same Idempotency-Key. The retry must get the first response back and nothing
// may exist twice. The window is made wide and certain with the test-only switch
// TICKETING_TEST_PAUSE_AFTER_COMMIT_MS (the server waits that long after each COMMIT); the kill
// comes only once the write is visible in the database, read straight from it.
#include <gtest/gtest.h>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <optional>
#include <thread>

#include "raw_http.hpp"
#include "snapshot.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;
using Clock = std::chrono::steady_clock;

constexpr int kPauseMs = 10000;  // far longer than the kill takes to land

std::string Member(const std::string& body, const char* name) {
    boost::system::error_code ec;
    const auto value = bj::parse(body, ec);
    if (ec || !value.is_object()) return {};
    const auto* member = value.as_object().if_contains(name);
    return member != nullptr && member->is_string() ? std::string(member->as_string()) : std::string();
}

// Polls the database until `committed` holds for its snapshot (true) or 15 s pass (false).
template <class Predicate>
bool WaitUntilCommitted(const platform::DatabaseUrl& url, Predicate committed) {
    const auto deadline = Clock::now() + std::chrono::seconds(15);
    while (Clock::now() < deadline) {
        if (committed(LoadSnapshot(url))) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

// Sends `send` on a thread, waits until the write is in the database, kills the paused server,
// and reports whether an answer ever arrived (it must not: the kill beat the response).
template <class Send, class Predicate>
bool KillBetweenCommitAndResponse(ServerProcess& paused, const platform::DatabaseUrl& url, Send send,
                                  Predicate committed) {
    std::atomic<bool> answered{false};
    std::thread client([&] {
        try {
            (void)send(paused.port());
            answered = true;
        } catch (const std::exception&) {
            // The connection died with the server: no answer, as intended.
        }
    });
    const bool visible = WaitUntilCommitted(url, committed);
    paused.Kill();
    client.join();
    EXPECT_TRUE(visible) << "the write never reached the database";
    return answered;
}

TEST(IdempotentCrash, KillBetweenCommitAndResponseThenTheRetryCreatesNothingTwice) {
    const int cycles = EnvInt("RELIABILITY_IDEMPOTENT_CYCLES", 3);
    World world = MakeWorld();
    Env paused_env = world.server_env;
    paused_env["TICKETING_TEST_PAUSE_AFTER_COMMIT_MS"] = std::to_string(kPauseMs);
    ServerProcess paused(TicketingBinary(), paused_env, world.dir / "paused.log");
    ServerProcess normal(TicketingBinary(), world.server_env, world.dir / "normal.log");
    const auto& url = world.database->url();
    Headers auth = world.KeyHeader();

    normal.Start();
    const CtiRoute route = FindRoute(Client(normal.port()), auth);
    const Reply target = Client(normal.port()).Post(
        "/api/tickets",
        bj::serialize(bj::object{{"title", "REL-12 comment target"}, {"severity", 3},
                                 {"categoryId", route.category}, {"typeId", route.type},
                                 {"itemId", route.item}}),
        auth);
    ASSERT_EQ(target.status, 201) << target.body;
    const std::string target_id = Member(target.body, "id");
    normal.Stop();

    int replays = 0;
    for (int n = 0; n < cycles; ++n) {
        // A ticket.
        const std::string title = "REL-12 ticket " + std::to_string(n);
        const std::string create = bj::serialize(
            bj::object{{"title", title}, {"severity", 2}, {"categoryId", route.category},
                       {"typeId", route.type}, {"itemId", route.item}});
        Headers headers = auth;
        headers.emplace_back("Idempotency-Key", "rel12-ticket-" + std::to_string(n));
        paused.Start();
        const auto ticket_of = [&](const Snapshot& s) -> std::optional<TicketRow> {
            for (const auto& t : s.tickets) {
                if (t.title == title) return t;
            }
            return std::nullopt;
        };
        const bool ticket_answered = KillBetweenCommitAndResponse(
            paused, url, [&](std::uint16_t port) { return Client(port).Post("/api/tickets", create, headers); },
            [&](const Snapshot& s) { return ticket_of(s).has_value(); });
        EXPECT_FALSE(ticket_answered) << "cycle " << n << ": the response beat the kill";

        // A comment, on the same server life cycle as the retry of the ticket.
        const std::string text = "REL-12 comment " + std::to_string(n);
        const std::string comment = bj::serialize(bj::object{{"body", text}});
        Headers comment_headers = auth;
        comment_headers.emplace_back("Idempotency-Key", "rel12-comment-" + std::to_string(n));
        paused.Start();
        const std::string comments_path = "/api/tickets/" + target_id + "/comments";
        const bool comment_answered = KillBetweenCommitAndResponse(
            paused, url,
            [&](std::uint16_t port) { return Client(port).Post(comments_path, comment, comment_headers); },
            [&](const Snapshot& s) {
                return std::any_of(s.comments.begin(), s.comments.end(),
                                   [&](const CommentRow& c) { return c.body == text; });
            });
        EXPECT_FALSE(comment_answered) << "cycle " << n << ": the response beat the kill";

        // The automation retries both, twice, against the restarted server.
        normal.Start();
        const Client http(normal.port());
        const Reply ticket_retry = http.Post("/api/tickets", create, headers);
        const Reply ticket_again = http.Post("/api/tickets", create, headers);
        const Reply comment_retry = http.Post(comments_path, comment, comment_headers);
        const Reply comment_again = http.Post(comments_path, comment, comment_headers);
        normal.Stop();

        const Snapshot after = LoadSnapshot(url);
        const auto ticket = ticket_of(after);
        ASSERT_TRUE(ticket.has_value());
        EXPECT_EQ(ticket_retry.status, 201) << ticket_retry.body;
        EXPECT_EQ(Member(ticket_retry.body, "id"), ticket->id) << "the retry answers with the ticket the lost response described";
        EXPECT_EQ(ticket_again.body, ticket_retry.body) << "replays are byte-identical";
        EXPECT_EQ(std::count_if(after.tickets.begin(), after.tickets.end(),
                                [&](const TicketRow& t) { return t.title == title; }),
                  1)
            << "cycle " << n << ": the retry created the ticket again";
        EXPECT_EQ(std::count_if(after.audit.begin(), after.audit.end(),
                                [&](const AuditRow& a) { return a.ticket_id == ticket->id && a.action == "CREATED"; }),
                  1);

        EXPECT_EQ(comment_retry.status, 201) << comment_retry.body;
        EXPECT_EQ(comment_again.body, comment_retry.body);
        const auto stored = std::find_if(after.comments.begin(), after.comments.end(),
                                         [&](const CommentRow& c) { return c.body == text; });
        ASSERT_NE(stored, after.comments.end());
        EXPECT_EQ(Member(comment_retry.body, "id"), stored->id);
        EXPECT_EQ(std::count_if(after.comments.begin(), after.comments.end(),
                                [&](const CommentRow& c) { return c.body == text; }),
                  1)
            << "cycle " << n << ": the retry added the comment again";
        const auto comments_on_target = std::count_if(
            after.comments.begin(), after.comments.end(), [&](const CommentRow& c) { return c.ticket_id == target_id; });
        const auto comment_audits = std::count_if(after.audit.begin(), after.audit.end(), [&](const AuditRow& a) {
            return a.ticket_id == target_id && a.action == "COMMENT_ADDED";
        });
        EXPECT_EQ(comment_audits, comments_on_target) << "one COMMENT_ADDED per comment";
        EXPECT_TRUE(after.integrity_problems.empty());
        for (const Reply* r : {&ticket_retry, &ticket_again, &comment_retry, &comment_again}) {
            const bool replayed = std::any_of(r->headers.begin(), r->headers.end(), [](const auto& h) {
                return boost::iequals(h.first, "Idempotent-Replayed") && h.second == "true";
            });
            replays += replayed ? 1 : 0;
            EXPECT_TRUE(replayed) << "a retry after the crash is a replay of the committed write";
        }
    }
    EXPECT_EQ(paused.SanitizerReport(), "");
    EXPECT_EQ(normal.SanitizerReport(), "");
    std::cout << "[figures] idempotent retries after kill -9 between COMMIT and response ("
              << (world.postgres() ? "postgres" : "sqlite") << "): " << cycles
              << " tickets and " << cycles << " comments killed unanswered, " << replays
              << " retries all replays, 0 duplicates" << std::endl;
}

}  // namespace
}  // namespace ticketing::testing::reliability
