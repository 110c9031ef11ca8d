#include "multi_support.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <latch>
#include <thread>
#include <vector>

namespace ticketing::testing::multi {

namespace bj = boost::json;

Headers ServiceKey(const TestServer& server) { return {{"X-Api-Key", server.goddard_key()}}; }

std::string Str(const bj::value& v) { return bj::value_to<std::string>(v); }

Route SeedRoute(const HttpClient& http, const Headers& auth) {
    const auto find = [&](const std::string& target, const std::string& name) {
        const auto res = http.Get(target, auth);
        EXPECT_EQ(res.status, 200) << target << ": " << res.body;
        if (res.status != 200) return std::string();
        const auto list = res.Json();
        for (const auto& v : list.as_array()) {
            if (Str(v.at("name")) == name) return Str(v.at("id"));
        }
        ADD_FAILURE() << "the seed has no " << name;
        return std::string();
    };
    Route route;
    route.category = find("/api/cti/categories", "TheWrightServer");
    route.type = find("/api/cti/types?categoryId=" + route.category, "Automation");
    route.item = find("/api/cti/items?typeId=" + route.type, "Backup");
    return route;
}

std::string TicketBody(const Route& route, const std::string& title) {
    return bj::serialize(bj::object{{"title", title},
                                    {"overview", "made by the multi-instance tests"},
                                    {"severity", 3},
                                    {"categoryId", route.category},
                                    {"typeId", route.type},
                                    {"itemId", route.item}});
}

std::int64_t EtagVersion(const HttpResponse& response) {
    std::string tag = response.Header("ETag");
    if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') return -1;
    return std::stoll(tag.substr(1, tag.size() - 2));
}

void RunConcurrently(int threads, const std::function<void(int)>& fn) {
    std::latch start(threads);
    std::vector<std::string> failures(static_cast<std::size_t>(threads));
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            start.arrive_and_wait();
            try {
                fn(i);
            } catch (const std::exception& e) {
                failures[static_cast<std::size_t>(i)] = e.what();
            }
        });
    }
    for (auto& t : pool) t.join();
    for (int i = 0; i < threads; ++i) {
        EXPECT_EQ(failures[static_cast<std::size_t>(i)], "") << "thread " << i << " threw";
    }
}

std::int64_t QueryInt(store::Database& db, const std::string& sql) {
    return db.Read([&](store::Tx& tx) {
        long long value = 0;
        soci::indicator ind = soci::i_ok;
        tx.sql() << sql, soci::into(value, ind);
        return ind == soci::i_ok ? static_cast<std::int64_t>(value) : std::int64_t{0};
    });
}

}  // namespace ticketing::testing::multi
