// TESTPLAN REL-09: lost updates on one ticket. N clients × M title PATCHes on one ticket, first
// with If-Match (a client that gets 412 re-reads the ETag before its next attempt), then without.
// N = 50, M = 10 by default; TICKETING_REL09_CLIENTS and TICKETING_REL09_PATCHES raise them to the
// plan's 50 × 100.
#include <cstdlib>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

int FromEnv(const char* name, int fallback) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return fallback;
    const int n = std::atoi(value);
    return n > 0 ? n : fallback;
}

std::int64_t EtagVersion(const HttpResponse& response) {
    const std::string tag = response.Header("ETag");
    if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') return -1;
    return std::stoll(tag.substr(1, tag.size() - 2));
}

struct Ack {
    std::int64_t version = 0;
    std::string title;
};

struct Outcome {
    std::map<int, int> statuses;  // status → count, over every PATCH
    std::vector<Ack> acks;        // the 200s
    int unexpected = 0;           // neither 200 nor (with If-Match) 412
};

class LostUpdateApi : public ApiTest {
protected:
    int clients_ = FromEnv("TICKETING_REL09_CLIENTS", 50);
    int patches_ = FromEnv("TICKETING_REL09_PATCHES", 10);

    // Every client makes `patches_` PATCH attempts; with `if_match` each carries the ETag the
    // client last saw, and a 412 makes it re-read the ticket before its next attempt.
    Outcome Hammer(const std::string& id, bool if_match) {
        Outcome out;
        std::mutex mutex;
        std::latch start(clients_);
        std::vector<std::thread> pool;
        for (int c = 0; c < clients_; ++c) {
            pool.emplace_back([&, c] {
                const HttpClient client(server().port());
                const Headers auth = admin().auth;
                std::string etag;
                const auto reread = [&] {
                    const auto res = client.Get("/api/tickets/" + id, auth);
                    if (res.status == 200) etag = res.Header("ETag");
                    return res.status;
                };
                if (if_match && reread() != 200) {
                    const std::lock_guard lock(mutex);
                    ++out.unexpected;
                }
                start.arrive_and_wait();
                for (int n = 0; n < patches_; ++n) {
                    const std::string title = "client " + std::to_string(c) + " patch " + std::to_string(n);
                    Headers headers = auth;
                    if (if_match) headers.emplace_back("If-Match", etag);
                    HttpResponse res;
                    try {
                        res = client.Patch("/api/tickets/" + id, Serialize(bj::object{{"title", title}}), headers);
                    } catch (const std::exception& e) {
                        ADD_FAILURE() << "PATCH failed: " << e.what();
                        const std::lock_guard lock(mutex);
                        ++out.unexpected;
                        continue;
                    }
                    {
                        const std::lock_guard lock(mutex);
                        ++out.statuses[res.status];
                        if (res.status == 200) {
                            out.acks.push_back({EtagVersion(res), title});
                        } else if (!(if_match && res.status == 412)) {
                            ++out.unexpected;
                            ADD_FAILURE() << "PATCH → " << res.status << " " << res.body.substr(0, 200);
                        }
                    }
                    if (res.status == 200) {
                        etag = res.Header("ETag");
                    } else if (res.status == 412) {
                        reread();
                    }
                }
            });
        }
        for (auto& t : pool) t.join();
        return out;
    }

    std::int64_t Version(const std::string& id) {
        const auto res = http().Get("/api/tickets/" + id, admin().auth);
        EXPECT_EQ(res.status, 200) << res.body;
        return EtagVersion(res);
    }

    // The TITLE_CHANGED audit rows of the ticket, as the titles they record.
    std::multiset<std::string> TitleAudits(const std::string& id) {
        std::multiset<std::string> rows;
        const auto res = http().Get("/api/tickets/" + id + "/audit", admin().auth);
        EXPECT_EQ(res.status, 200) << res.body;
        const auto entries = res.Json();
        for (const auto& entry : entries.as_array()) {
            if (Str(entry.at("action")) == "TITLE_CHANGED") rows.insert(Str(entry.at("detail")));
        }
        return rows;
    }

    // Every acknowledged write has a version of its own, the final title is the one acknowledged
    // with the highest version, and there is exactly one audit row per acknowledged write.
    void ExpectNoLostUpdate(const std::string& id, std::int64_t initial, const Outcome& outcome) {
        const auto final_version = Version(id);
        EXPECT_EQ(final_version - initial, static_cast<std::int64_t>(outcome.acks.size()));
        std::set<std::int64_t> versions;
        std::multiset<std::string> acked;
        Ack last;
        for (const auto& ack : outcome.acks) {
            versions.insert(ack.version);
            acked.insert(ack.title);
            if (ack.version > last.version) last = ack;
        }
        EXPECT_EQ(versions.size(), outcome.acks.size()) << "two acknowledgements share a version";
        EXPECT_EQ(last.version, final_version);
        const auto ticket = http().Get("/api/tickets/" + id, admin().auth).Json();
        EXPECT_EQ(Str(ticket.at("title")), last.title);
        EXPECT_EQ(TitleAudits(id), acked);
        EXPECT_EQ(outcome.unexpected, 0);
        for (const auto& [status, count] : outcome.statuses) EXPECT_LT(status, 500) << count << " × " << status;
    }
};

TEST_F(LostUpdateApi, WithIfMatchEvery200IsOneVersionAndTheRestAre412) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    const std::int64_t initial = Version(id);
    const Outcome outcome = Hammer(id, true);

    const int ok = outcome.statuses.count(200) != 0 ? outcome.statuses.at(200) : 0;
    const int stale = outcome.statuses.count(412) != 0 ? outcome.statuses.at(412) : 0;
    std::cout << "[figures] lost updates " << (UsingPostgres() ? "postgres" : "sqlite") << " with If-Match, "
              << clients_ << " × " << patches_ << ": " << ok << " × 200, " << stale << " × 412\n";
    EXPECT_EQ(ok + stale, clients_ * patches_);
    EXPECT_GT(ok, 0);
    if (clients_ > 1) {
        EXPECT_GT(stale, 0) << "no client ever lost a race: the test did not contend";
    }
    ExpectNoLostUpdate(id, initial, outcome);
}

TEST_F(LostUpdateApi, WithoutIfMatchEvery200HasOneAuditRowAndTheLastAckWins) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    const std::int64_t initial = Version(id);
    const Outcome outcome = Hammer(id, false);

    EXPECT_EQ(outcome.statuses, (std::map<int, int>{{200, clients_ * patches_}}));
    ExpectNoLostUpdate(id, initial, outcome);
}

}  // namespace
}  // namespace ticketing::testing
