#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "http_client.hpp"
#include "store/database.hpp"
#include "test_server.hpp"

// Helpers of the multi-instance, concurrency, migration, backup and restart tests: they drive
// servers from several threads at once, so they return values instead of using a fixture.
namespace ticketing::testing::multi {

struct Route {
    std::string category;
    std::string type;
    std::string item;
};

// X-Api-Key of the seeded goddard service account: a key never expires, so it works whatever a
// test does to the clock, and checking it costs no password hash.
[[nodiscard]] Headers ServiceKey(const TestServer& server);

// The seed's TheWrightServer › Automation › Backup route.
[[nodiscard]] Route SeedRoute(const HttpClient& http, const Headers& auth);

// The body of a new ticket on `route` (severity 3).
[[nodiscard]] std::string TicketBody(const Route& route, const std::string& title);

// The ticket's version from a response's ETag ("<n>"); -1 without one.
[[nodiscard]] std::int64_t EtagVersion(const HttpResponse& response);

// Runs fn(0) … fn(threads - 1) on their own threads, all released at once; returns when all
// are done. An exception in a thread fails the test.
void RunConcurrently(int threads, const std::function<void(int)>& fn);

// One integer from a query (COUNT(*) and the like) on either database.
[[nodiscard]] std::int64_t QueryInt(store::Database& db, const std::string& sql);

[[nodiscard]] std::string Str(const boost::json::value& v);

}  // namespace ticketing::testing::multi
