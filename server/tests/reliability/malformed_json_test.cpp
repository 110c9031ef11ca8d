// Malformed JSON against every JSON endpoint (TESTPLAN REL-17): each n_ document of
// json-corpus/ → 400, each y_ document accepted by the comment endpoint, nothing → 5xx.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;

struct Document {
    std::string name;
    std::string bytes;
};

std::vector<Document> Corpus() {
    std::vector<Document> docs;
    for (const auto& entry : std::filesystem::directory_iterator(DataDir() / "json-corpus")) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        docs.push_back({entry.path().filename().string(), text.str()});
    }
    std::sort(docs.begin(), docs.end(),
              [](const Document& a, const Document& b) { return a.name < b.name; });
    return docs;
}

struct Endpoint {
    std::string method;
    std::string target;
    Headers auth;
    bool comment = false;  // accepts the y_ documents
};

std::string JsonValue(const std::string& body, const char* member) {
    boost::system::error_code ec;
    const auto value = bj::parse(body, ec);
    if (ec || !value.is_object() || !value.as_object().contains(member)) return {};
    return bj::value_to<std::string>(value.at(member));
}

TEST(MalformedJson, EveryJsonEndpointRefusesMalformedDocuments) {
    World world = MakeWorld();
    ServerProcess server(TicketingBinary(), world.server_env, world.dir / "server.log");
    server.Start();
    const Client http(server.port());
    const auto route = FindRoute(http, world.KeyHeader());
    const Headers admin = {
        {"Authorization", "Bearer " + Login(http, "admin", world.admin_password)}};
    const Headers key = world.KeyHeader();
    const auto ticket = http.Post("/api/tickets",
                                  bj::serialize(bj::object{{"title", "corpus target"},
                                                           {"severity", 3},
                                                           {"categoryId", route.category},
                                                           {"typeId", route.type},
                                                           {"itemId", route.item}}),
                                  key);
    ASSERT_EQ(ticket.status, 201) << ticket.body;
    const std::string ticket_id = JsonValue(ticket.body, "id");
    const std::string admin_id = JsonValue(http.Get("/api/auth/me", admin).body, "id");
    ASSERT_FALSE(admin_id.empty());

    const std::vector<Endpoint> endpoints = {
        {"POST", "/api/auth/login", {}},
        {"POST", "/api/auth/password", admin},
        {"POST", "/api/tickets", key},
        {"PATCH", "/api/tickets/" + ticket_id, key},
        {"POST", "/api/tickets/" + ticket_id + "/comments", key, true},
        {"POST", "/api/cti/categories", admin},
        {"PUT", "/api/cti/categories/" + route.category, admin},
        {"POST", "/api/cti/types", admin},
        {"PUT", "/api/cti/types/" + route.type, admin},
        {"POST", "/api/cti/items", admin},
        {"PUT", "/api/cti/items/" + route.item, admin},
        {"POST", "/api/users", admin},
        {"PATCH", "/api/users/" + admin_id, admin},
    };
    const auto corpus = Corpus();
    ASSERT_GE(corpus.size(), 100U);

    std::map<char, std::map<int, int>> statuses;  // prefix → status → count
    std::vector<std::string> failures;
    int requests = 0;
    for (const auto& doc : corpus) {
        const char kind = doc.name.front();
        for (const auto& ep : endpoints) {
            Headers headers = ep.auth;
            headers.emplace_back("Content-Type", "application/json");
            const auto res = http.Request(ep.method, ep.target, doc.bytes, headers);
            ++requests;
            ++statuses[kind][res.status];
            const std::string where = doc.name + " → " + ep.method + " " + ep.target + ": ";
            if (res.status >= 500)
                failures.push_back(where + std::to_string(res.status) + " " + res.body);
            const bool refused = res.status == 400;
            if (kind == 'n' && !refused) {
                failures.push_back(where + "expected 400, got " + std::to_string(res.status) + " " +
                                   res.body);
            }
            if (kind == 'y' && ep.comment && res.status != 201) {
                failures.push_back(where + "a valid comment was refused: " +
                                   std::to_string(res.status) + " " + res.body);
            }
            if (refused &&
                (JsonValue(res.body, "code").empty() || JsonValue(res.body, "error").empty())) {
                failures.push_back(where +
                                   "the 400 lacks the {error, code} JSON body: " + res.body);
            }
        }
        ASSERT_TRUE(server.Running()) << "the server died on " << doc.name << ":\n"
                                      << server.SanitizerReport();
    }
    EXPECT_EQ(http.Get("/api/tickets/" + ticket_id, key).status, 200);
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(server.SanitizerReport(), "");

    std::ostringstream figures;
    for (const auto& [kind, counts] : statuses) {
        figures << " " << kind << "_:";
        for (const auto& [status, count] : counts) figures << " " << status << "×" << count;
    }
    std::cout << "[figures] JSON corpus: " << corpus.size() << " documents × " << endpoints.size()
              << " endpoints = " << requests << " requests;" << figures.str() << "; "
              << failures.size() << " failures" << std::endl;
    for (std::size_t i = 0; i < failures.size() && i < 40; ++i) ADD_FAILURE() << failures[i];
}

}  // namespace
}  // namespace ticketing::testing::reliability
