// Many clients patching one ticket at once (issue 4, TESTPLAN REL-09 without If-Match): every
// 200 has exactly one audit row for the field it changed, nothing acknowledged is lost, and the
// final state is the last acknowledged write.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <mutex>
#include <set>

#include "multi_support.hpp"

namespace ticketing::testing::multi {
namespace {

namespace bj = boost::json;

struct Ack {
    std::int64_t version = 0;
    std::string field;
    std::string value;
};

struct Outcome {
    std::vector<Ack> acks;
    std::map<int, int> statuses;
};

// Threads 0 … writers-3 rename the ticket (many writers on one field); the last two are the only
// writers of the overview and of the severity, so those fields must end at their last ack.
Outcome PatchConcurrently(const std::vector<const TestServer*>& instances, const Headers& key,
                          const std::string& id, int writers, int patches_each) {
    Outcome out;
    std::mutex mutex;
    RunConcurrently(writers, [&](int w) {
        const HttpClient http = instances[static_cast<std::size_t>(w) % instances.size()]->client();
        for (int n = 0; n < patches_each; ++n) {
            Ack ack;
            if (w == writers - 2) {
                ack.field = "overview";
                ack.value = "overview " + std::to_string(n);
            } else if (w == writers - 1) {
                ack.field = "severity";
                ack.value = std::to_string((n + 3) % 5 + 1);  // 4, 5, 1, 2, 3, …: never the last
            } else {
                ack.field = "title";
                ack.value = "title " + std::to_string(w) + "." + std::to_string(n);
            }
            const std::string body =
                ack.field == "severity"
                    ? bj::serialize(bj::object{{"severity", std::stoi(ack.value)}})
                    : bj::serialize(bj::object{{ack.field, ack.value}});
            const auto res = http.Patch("/api/tickets/" + id, body, key);
            std::lock_guard lock(mutex);
            ++out.statuses[res.status];
            if (res.status != 200) {
                ADD_FAILURE() << "PATCH " << body << " → " << res.status << " " << res.body;
                continue;
            }
            ack.version = EtagVersion(res);
            out.acks.push_back(ack);
        }
    });
    return out;
}

void ExpectNothingLost(const HttpClient& http, const Headers& key, const std::string& id,
                       std::int64_t initial_version, const Outcome& outcome) {
    const auto res = http.Get("/api/tickets/" + id, key);
    ASSERT_EQ(res.status, 200) << res.body;
    const auto ticket = res.Json();

    // Each PATCH changed one field: the version moved once per acknowledgement, every ack saw a
    // version of its own, and the final state per field is the ack with the highest version.
    EXPECT_EQ(EtagVersion(res), initial_version + static_cast<std::int64_t>(outcome.acks.size()));
    std::map<std::int64_t, int> versions;
    std::map<std::string, Ack> last;
    std::map<std::string, std::multiset<std::string>> acked;
    for (const auto& ack : outcome.acks) {
        ++versions[ack.version];
        acked[ack.field].insert(ack.value);
        if (ack.version > last[ack.field].version) last[ack.field] = ack;
    }
    EXPECT_EQ(versions.size(), outcome.acks.size()) << "two acknowledgements share a version";
    EXPECT_EQ(Str(ticket.at("title")), last["title"].value);
    EXPECT_EQ(Str(ticket.at("overview")), last["overview"].value);
    EXPECT_EQ(std::to_string(ticket.at("severity").to_number<int>()), last["severity"].value);

    // Exactly one audit row per acknowledged change, carrying that change.
    const auto audit = http.Get("/api/tickets/" + id + "/audit", key);
    ASSERT_EQ(audit.status, 200) << audit.body;
    std::map<std::string, std::multiset<std::string>> rows;
    const auto entries = audit.Json();
    for (const auto& entry : entries.as_array()) {
        const std::string action = Str(entry.at("action"));
        if (action == "TITLE_CHANGED") rows["title"].insert(Str(entry.at("detail")));
        if (action == "OVERVIEW_CHANGED") rows["overview"].insert("");
        if (action == "SEVERITY_CHANGED") rows["severity"].insert("");
    }
    EXPECT_EQ(rows["title"], acked["title"]);
    EXPECT_EQ(rows["overview"].size(), acked["overview"].size());
    EXPECT_EQ(rows["severity"].size(), acked["severity"].size());
}

std::string CreateTicket(const TestServer& server, const Headers& key, std::int64_t& version) {
    const HttpClient http = server.client();
    const auto res = http.Post("/api/tickets", TicketBody(SeedRoute(http, key), "contended"), key);
    EXPECT_EQ(res.status, 201) << res.body;
    version = EtagVersion(res);
    return Str(res.Json().at("id"));
}

TEST(ConcurrentWriters, ParallelPatchesOnOneTicketLoseNoUpdateAndNoAuditRow) {
    TestServer server;
    const auto key = ServiceKey(server);
    std::int64_t version = 0;
    const std::string id = CreateTicket(server, key, version);

    const Outcome outcome = PatchConcurrently({&server}, key, id, 8, 50);
    EXPECT_EQ(outcome.statuses, (std::map<int, int>{{200, 400}}));
    ExpectNothingLost(server.client(), key, id, version, outcome);
}

TEST(ConcurrentWriters, ParallelPatchesThroughTwoInstancesLoseNoUpdateAndNoAuditRow) {
    TestServer a;
    TestServerOptions second;
    second.shared_database = &a.database();
    const TestServer b(second);
    const auto key = ServiceKey(a);
    std::int64_t version = 0;
    const std::string id = CreateTicket(a, key, version);

    const Outcome outcome = PatchConcurrently({&a, &b}, key, id, 6, 25);
    EXPECT_EQ(outcome.statuses, (std::map<int, int>{{200, 150}}));
    ExpectNothingLost(b.client(), key, id, version, outcome);
}

}  // namespace
}  // namespace ticketing::testing::multi
