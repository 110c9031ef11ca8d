// GET /metrics in Prometheus text format (issue 8, item 4): a scrape, then the counters move.
#include <cstring>
#include <memory>
#include <regex>
#include <thread>

#include "api_fixture.hpp"
#include "sse_client.hpp"

namespace ticketing::testing {
namespace {

using namespace std::chrono_literals;

class MetricsApi : public ApiTest {
protected:
    // The value of the sample `series` (name with its labels, exactly as exposed); -1 if absent.
    static double Sample(const std::string& text, const std::string& series) {
        const auto at = text.find("\n" + series + " ");
        if (at == std::string::npos) return -1;
        const auto start = at + 1 + series.size() + 1;
        return std::stod(text.substr(start, text.find('\n', start) - start));
    }
    std::string Scrape() {
        const auto res = http().Get("/metrics");
        EXPECT_EQ(res.status, 200);
        EXPECT_EQ(res.Header("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
        return res.body;
    }
};

TEST_F(MetricsApi, CountersMoveWithTraffic) {
    const std::string before = Scrape();
    const std::string list = R"(ticketing_http_requests_total{route="/api/tickets",method="GET",status="200"})";
    const std::string missing = R"(ticketing_http_requests_total{route="/api/tickets/:id",method="GET",status="404"})";
    const double list_before = std::max(0.0, Sample(before, list));
    const double missing_before = std::max(0.0, Sample(before, missing));
    const double open_before = Sample(before, R"(ticketing_tickets{status="OPEN"})");
    ASSERT_GE(open_before, 0) << before;

    for (int i = 0; i < 3; ++i) ASSERT_EQ(http().Get("/api/tickets", admin().auth).status, 200);
    ASSERT_EQ(http().Get("/api/tickets/V000000000", admin().auth).status, 404);
    CreateTicket(admin().auth);

    const std::string after = Scrape();
    EXPECT_EQ(Sample(after, list), list_before + 3) << after;
    EXPECT_EQ(Sample(after, missing), missing_before + 1);
    EXPECT_EQ(Sample(after, R"(ticketing_tickets{status="OPEN"})"), open_before + 1);
    // Histogram: the +Inf bucket equals the count, and the count covers the three lists.
    const std::string count = R"(ticketing_http_request_duration_seconds_count{route="/api/tickets",method="GET"})";
    EXPECT_EQ(Sample(after, R"(ticketing_http_request_duration_seconds_bucket{route="/api/tickets",method="GET",le="+Inf"})"),
              Sample(after, count));
    EXPECT_GE(Sample(after, count), 3);
    EXPECT_GT(Sample(after, R"(ticketing_db_transaction_duration_seconds_count{kind="write"})"),
              Sample(before, R"(ticketing_db_transaction_duration_seconds_count{kind="write"})"));
    EXPECT_GE(Sample(after, R"(ticketing_db_pool_connections{state="size"})"), 1);
}

TEST_F(MetricsApi, EverySeriesTheDocsNameIsExposedWithHelpAndType) {
    const std::string text = Scrape();
    for (const std::string family :
         {"ticketing_http_requests_total", "ticketing_http_request_duration_seconds",
          "ticketing_http_connections", "ticketing_http_connections_refused_total",
          "ticketing_db_pool_connections",
          "ticketing_db_transaction_duration_seconds", "ticketing_job_runs_total",
          "ticketing_job_failures_total", "ticketing_webhook_attempts_total",
          "ticketing_webhook_deliveries_given_up_total", "ticketing_sse_clients",
          "ticketing_events_notifications_total", "ticketing_events_log_reads_total",
          "ticketing_tickets", "ticketing_heap_in_use_bytes"}) {
        EXPECT_NE(text.find("# HELP " + family + " "), std::string::npos) << family;
        EXPECT_NE(text.find("# TYPE " + family + " "), std::string::npos) << family;
    }
    // Every sample line is `name{labels} value` or `name value`.
    const std::regex line(R"(^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+]+$)");
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const std::string l = text.substr(start, end - start);
        start = end + 1;
        if (l.empty() || l[0] == '#') continue;
        EXPECT_TRUE(std::regex_match(l, line)) << l;
    }
}

// On PostgreSQL a cached list page takes its snapshot from the feed on the I/O thread; were the
// feed never to answer, every page would quietly go back to the workers and only the benchmark
// would notice. The counters say which way requests went. SQLite has no feed and no series.
TEST_F(MetricsApi, CachedListPagesTakeTheirSnapshotFromTheFeed) {
    const std::string answered = R"(ticketing_snapshot_feed_requests_total{answer="snapshot"})";
    if (!UsingPostgres()) {
        EXPECT_EQ(Scrape().find("ticketing_snapshot_feed"), std::string::npos);
        return;
    }
    const double before = Sample(Scrape(), answered);
    ASSERT_GE(before, 0) << "the series is missing";
    // The feed connects in the background; until it has, requests read on the workers.
    double after = before;
    for (int i = 0; i < 200 && after < before + 10; ++i) {
        ASSERT_EQ(http().Get("/api/tickets?status=OPEN&limit=5", admin().auth).status, 200);
        after = Sample(Scrape(), answered);
        if (after == before) std::this_thread::sleep_for(20ms);
    }
    EXPECT_GE(after, before + 10);
    EXPECT_GT(Sample(Scrape(), "ticketing_snapshot_feed_queries_total"), 0);
}

// The heap gauge is the allocator's count of live bytes, not RSS or a constant: a block held
// shows in it, and leaves it when freed (the server runs in this process).
TEST_F(MetricsApi, HeapInUseCountsLiveAllocations) {
    const std::string series = "ticketing_heap_in_use_bytes";
    constexpr std::size_t kBlock = 64u << 20;
    constexpr double kSlack = 8u << 20;  // other threads allocate and free meanwhile
    const double before = Sample(Scrape(), series);
    ASSERT_GT(before, 0);
    auto block = std::make_unique<char[]>(kBlock);
    std::memset(block.get(), 1, kBlock);
    const double held = Sample(Scrape(), series);
    EXPECT_GE(held, before + kBlock - kSlack);
    block.reset();
    EXPECT_LE(Sample(Scrape(), series), held - kBlock + kSlack);
}

TEST_F(MetricsApi, LiveClientsAreCounted) {
    EXPECT_EQ(Sample(Scrape(), "ticketing_sse_clients"), 0);
    SseClient stream(server().port(), "/api/events", admin().auth);
    ASSERT_EQ(stream.status(), 200);
    EXPECT_EQ(Sample(Scrape(), "ticketing_sse_clients"), 1);
}

}  // namespace
}  // namespace ticketing::testing
