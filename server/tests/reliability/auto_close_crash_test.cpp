// kill -9 in the middle of the auto-close job (TESTPLAN REL-22, the crash part; the window edges,
// reopen and several instances are covered by AutoCloseApi.*, AutoClose.* and MultiInstance.*).
//
// The database gets RELIABILITY_AUTO_CLOSE_TICKETS (10,000) RESOLVED tickets that were resolved
// 15 days ago by the real clock, so they are due, plus 100 resolved 13 d 23 h ago (not due), one
// reopened after its resolve and one resolved again 13 days ago. The due rows are copies of a
// ticket created and resolved through the API: the same columns, and the same CREATED and
// STATUS_CHANGED (Open → Resolved) audit rows a real resolve writes, moved back in time (the
// event-outbox rows of those old changes are not copied: auto-close never reads them). The
// server is started, its auto-close job (first run 5 s after start, batches of 500 tickets, one
// transaction each: app/auto_close_service.cpp) is SIGKILLed once a random part of the tickets
// is closed, the server is restarted, and the test waits until every due ticket is closed and
// two more runs (AUTO_CLOSE_INTERVAL_SECONDS=1) have found nothing. Then: every due ticket
// CLOSED once (version 3), exactly one STATUS_CHANGED "Resolved → Closed" audit row each, by the
// System account, the same number of outbox events each; the restarted server's run closed
// exactly what the kill left; nothing else closed; SQLite integrity_check clean.
#include <gtest/gtest.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <boost/json.hpp>

#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "domain/audit.hpp"
#include "domain/display_id.hpp"
#include "platform/clock.hpp"
#include "platform/random.hpp"
#include "snapshot.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kBatch = 500;  // AutoCloseService's batch size
constexpr int kNotDue = 100;
constexpr const char* kDueTitle = "rel22 due ";
constexpr const char* kNotDueTitle = "rel22 not due ";

std::int64_t WallMs() { return platform::SystemClock().NowMs(); }

double Seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

std::string JsonMember(const std::string& body, const char* name) {
    return bj::value_to<std::string>(bj::parse(body).at(name));
}

struct TemplateAudit {
    std::string user_id;
    std::string action;
    std::optional<std::string> detail;
};

struct TemplateTicket {
    std::string overview;
    int severity = 0;
    std::string category_id, type_id, item_id, created_by_id;
    long long version = 0;
    std::vector<TemplateAudit> audit;
};

TemplateTicket ReadTemplate(soci::session& sql, const std::string& id) {
    TemplateTicket t;
    sql << "SELECT overview, severity, category_id, type_id, item_id, created_by_id, version "
           "FROM tickets WHERE id = :id",
        soci::into(t.overview), soci::into(t.severity), soci::into(t.category_id),
        soci::into(t.type_id), soci::into(t.item_id), soci::into(t.created_by_id),
        soci::into(t.version), soci::use(id);
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT user_id, action, detail FROM audit_log WHERE ticket_id = :id "
                        "ORDER BY seq",
         soci::use(id));
    for (const auto& row : rows) {
        TemplateAudit a{row.get<std::string>(0), row.get<std::string>(1), std::nullopt};
        if (row.get_indicator(2) != soci::i_null) a.detail = row.get<std::string>(2);
        t.audit.push_back(std::move(a));
    }
    return t;
}

// `count` copies of the resolved template, resolved at first_resolved_ms + i s, created an hour
// before; each with the template's audit rows (STATUS_CHANGED at the resolve, the rest at the
// create). Returns their ids.
std::vector<std::string> InsertResolvedCopies(soci::session& sql, const TemplateTicket& t,
                                              const std::string& title_prefix, int count,
                                              std::int64_t first_resolved_ms,
                                              std::uint64_t display_base) {
    std::vector<std::string> ids, display_ids, titles;
    std::vector<long long> resolved, created;
    for (int i = 0; i < count; ++i) {
        resolved.push_back(first_resolved_ms + i * 1000LL);
        created.push_back(resolved.back() - platform::kHourMs);
        ids.push_back(platform::NewId(created.back()));
        display_ids.push_back(domain::FormatDisplayId(display_base + static_cast<std::uint64_t>(i)));
        titles.push_back(title_prefix + std::to_string(i));
    }
    soci::transaction tx(sql);
    std::vector<std::string> overview(ids.size(), t.overview), category(ids.size(), t.category_id),
        type(ids.size(), t.type_id), item(ids.size(), t.item_id),
        creator(ids.size(), t.created_by_id);
    std::vector<int> severity(ids.size(), t.severity);
    std::vector<long long> version(ids.size(), t.version);
    sql << "INSERT INTO tickets (id, display_id, title, overview, severity, status, category_id, "
           "type_id, item_id, created_by_id, resolved_at, version, created_at, updated_at) "
           "VALUES (:id, :display_id, :title, :overview, :severity, 'RESOLVED', :category_id, "
           ":type_id, :item_id, :created_by_id, :resolved_at, :version, :created_at, :updated_at)",
        soci::use(ids), soci::use(display_ids), soci::use(titles), soci::use(overview),
        soci::use(severity), soci::use(category), soci::use(type), soci::use(item),
        soci::use(creator), soci::use(resolved), soci::use(version), soci::use(created),
        soci::use(resolved);
    for (const auto& a : t.audit) {
        std::vector<std::string> audit_ids, users(ids.size(), a.user_id),
            actions(ids.size(), a.action), details(ids.size(), a.detail.value_or(""));
        std::vector<soci::indicator> detail_ind(ids.size(), a.detail ? soci::i_ok : soci::i_null);
        const bool at_resolve = a.action == "STATUS_CHANGED";
        const auto& at = at_resolve ? resolved : created;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            audit_ids.push_back(platform::NewId(at[i]));
        }
        sql << "INSERT INTO audit_log (id, ticket_id, user_id, action, detail, created_at) "
               "VALUES (:id, :ticket_id, :user_id, :action, :detail, :created_at)",
            soci::use(audit_ids), soci::use(ids), soci::use(users), soci::use(actions),
            soci::use(details, detail_ind), soci::use(at);
    }
    tx.commit();
    return ids;
}

long long CountClosed(soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM tickets WHERE status = 'CLOSED'", soci::into(n);
    return n;
}

std::map<std::string, std::string> StatusById(soci::session& sql) {
    std::map<std::string, std::string> out;
    soci::rowset<soci::row> rows = (sql.prepare << "SELECT id, status FROM tickets");
    for (const auto& row : rows) out[row.get<std::string>(0)] = row.get<std::string>(1);
    return out;
}

// ticketing_job_runs_total{job="auto-close"} from /metrics (runs begun on this instance).
double AutoCloseRuns(std::uint16_t port) {
    static const std::string series = "ticketing_job_runs_total{job=\"auto-close\"} ";
    const auto res = Client(port).Get("/metrics");
    const auto at = res.status == 200 ? res.body.find(series) : std::string::npos;
    return at == std::string::npos ? -1 : std::stod(res.body.substr(at + series.size()));
}

TEST(AutoCloseCrash, KillMidJobThenEveryDueTicketIsClosedExactlyOnce) {
    const int due_count = EnvInt("RELIABILITY_AUTO_CLOSE_TICKETS", 10000);
    const int seed = EnvInt("RELIABILITY_SEED", static_cast<int>(std::random_device{}() % 100000));
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
    ASSERT_GE(due_count, 3 * kBatch) << "the job must need several batches to be killed mid-way";
    const char* db_name = UsingPostgres() ? "postgres" : "sqlite";

    World world = MakeWorld();
    const auto& url = world.database->url();
    Env env = world.server_env;
    env["LOG_LEVEL"] = "info";
    env["AUTO_CLOSE_INTERVAL_SECONDS"] = "1";  // the first run is still 5 s after start
    ServerProcess server(TicketingBinary(), env, world.dir / "server.log");
    std::cout << "[reliability] " << db_name << " auto-close crash, seed " << seed
              << " (RELIABILITY_SEED), log " << (world.dir / "server.log") << std::endl;

    // Through the API: the template (created, resolved), a ticket resolved and reopened, and one
    // resolved, reopened and resolved again.
    std::string template_id, reopened_id, reresolved_id;
    {
        server.Start();
        const Client http(server.port());
        const auto auth = world.KeyHeader();
        const CtiRoute route = FindRoute(http, auth);
        const auto create = [&](const std::string& title) {
            const auto res = http.Post(
                "/api/tickets",
                bj::serialize(bj::object{{"title", title}, {"overview", "auto-close crash test"},
                                         {"severity", 3}, {"categoryId", route.category},
                                         {"typeId", route.type}, {"itemId", route.item}}),
                auth);
            EXPECT_EQ(res.status, 201) << res.body;
            return JsonMember(res.body, "id");
        };
        const auto status = [&](const std::string& id, const char* to) {
            const auto res = http.Patch("/api/tickets/" + id,
                                        bj::serialize(bj::object{{"status", to}}), auth);
            EXPECT_EQ(res.status, 200) << to << ": " << res.body;
        };
        template_id = create("rel22 template");
        status(template_id, "RESOLVED");
        reopened_id = create("rel22 reopened");
        status(reopened_id, "RESOLVED");
        status(reopened_id, "OPEN");
        reresolved_id = create("rel22 resolved again");
        status(reresolved_id, "RESOLVED");
        status(reresolved_id, "OPEN");
        status(reresolved_id, "RESOLVED");
        ASSERT_EQ(server.Stop(), 0);
    }
    ASSERT_FALSE(HasFailure());

    // Straight into the database, with the server down: the copies, and the special tickets'
    // history moved back in time (resolved 15 d ago; reopened 13 d ago, and resolved again).
    const auto session = OpenSession(url);
    soci::session& sql = *session;
    const std::int64_t now = WallMs();
    const TemplateTicket tmpl = ReadTemplate(sql, template_id);
    ASSERT_EQ(tmpl.version, 2);
    ASSERT_EQ(tmpl.audit.size(), 2U);
    ASSERT_EQ(tmpl.audit.back().action, "STATUS_CHANGED");
    ASSERT_EQ(tmpl.audit.back().detail.value_or(""),
              domain::StatusChangeDetail(domain::Status::kOpen, domain::Status::kResolved));
    const auto insert_started = Steady::now();
    const auto due_ids = InsertResolvedCopies(sql, tmpl, kDueTitle, due_count,
                                              now - 15 * platform::kDayMs, 900'000'000);
    const auto not_due_ids = InsertResolvedCopies(
        sql, tmpl, kNotDueTitle, kNotDue, now - 14 * platform::kDayMs + platform::kHourMs,
        900'000'000 + static_cast<std::uint64_t>(due_count));
    const double insert_s = Seconds(Steady::now() - insert_started);
    {
        soci::transaction tx(sql);
        // The template itself is due as well (resolved 15 d ago).
        // (soci binds by reference: no temporaries in these statements.)
        const long long old_resolve = now - 15 * platform::kDayMs - 5000;
        sql << "UPDATE tickets SET resolved_at = :r, updated_at = :r2 WHERE id = :id",
            soci::use(old_resolve), soci::use(old_resolve), soci::use(template_id);
        // Re-resolved 13 days ago: its timer starts again then.
        const long long again = now - 13 * platform::kDayMs;
        sql << "UPDATE tickets SET resolved_at = :r, updated_at = :r2 WHERE id = :id",
            soci::use(again), soci::use(again), soci::use(reresolved_id);
        const long long long_ago = now - 16 * platform::kDayMs;
        sql << "UPDATE audit_log SET created_at = :t WHERE ticket_id IN (:a, :b, :c)",
            soci::use(long_ago), soci::use(template_id),
            soci::use(reopened_id), soci::use(reresolved_id);
        tx.commit();
    }
    std::vector<std::string> all_due = due_ids;
    all_due.push_back(template_id);
    const long long total_due = static_cast<long long>(all_due.size());
    ASSERT_EQ(CountClosed(sql), 0);

    // Start the job, and kill -9 the server once a random share (at least one batch, at most
    // half) of the due tickets is closed: the kill lands during a later batch's transaction.
    const long long kill_at = std::uniform_int_distribution<long long>(1, total_due / 2)(rng);
    const auto started = Steady::now();
    server.Start();
    const double ready_s = Seconds(Steady::now() - started);
    std::optional<Steady::time_point> first_close;
    long long seen = 0, first_seen = 0;
    const auto deadline = Steady::now() + std::chrono::seconds(120);
    while (Steady::now() < deadline) {
        seen = CountClosed(sql);
        if (seen > 0 && !first_close) {
            first_close = Steady::now();
            first_seen = seen;
        }
        if (seen >= kill_at) break;
        std::this_thread::sleep_for(milliseconds(10));
    }
    ASSERT_GE(seen, kill_at) << "the job closed " << seen << " tickets in 120 s";
    server.Kill();
    const auto killed = Steady::now();
    const long long closed_at_kill = CountClosed(sql);
    const double job_ran_s = Seconds(killed - *first_close);
    std::cout << "[reliability] killed " << job_ran_s << " s after the first batch committed: "
              << closed_at_kill << " of " << total_due << " due tickets closed (kill target "
              << kill_at << ")" << std::endl;
    ASSERT_GT(closed_at_kill, 0);
    ASSERT_LT(closed_at_kill, total_due)
        << "the job finished before the kill: raise RELIABILITY_AUTO_CLOSE_TICKETS";
    // Batches commit whole: what the kill left is a multiple of the batch size.
    EXPECT_EQ(closed_at_kill % kBatch, 0) << "a batch was half committed";

    // Restart; the next run closes the rest.
    const auto restarted = Steady::now();
    server.Start();
    long long closed = 0;
    const auto finish_deadline = Steady::now() + std::chrono::seconds(180);
    while (Steady::now() < finish_deadline && (closed = CountClosed(sql)) < total_due) {
        std::this_thread::sleep_for(milliseconds(50));
    }
    const double finish_s = Seconds(Steady::now() - restarted);
    ASSERT_EQ(closed, total_due) << "not every due ticket was closed within 180 s of the restart";
    // The job runs every second here: let two more runs pass, which must find nothing to close.
    const double runs_then = AutoCloseRuns(server.port());
    EXPECT_GE(runs_then, 1) << "no auto-close runs on /metrics";
    const auto runs_deadline = Steady::now() + std::chrono::seconds(60);
    while (Steady::now() < runs_deadline && AutoCloseRuns(server.port()) < runs_then + 2) {
        std::this_thread::sleep_for(milliseconds(100));
    }
    EXPECT_GE(AutoCloseRuns(server.port()), runs_then + 2) << "the job stopped running";
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(server.SanitizerReport(), "");
    // The restarted server's run closed exactly the rest (it logs its total once per run).
    long long rest_logged = -1;
    {
        const std::string log = server.LogSinceStart();
        const std::string marker = "auto-close: closed ";
        if (const auto at = log.find(marker); at != std::string::npos) {
            rest_logged = std::stoll(log.substr(at + marker.size()));
            EXPECT_EQ(rest_logged, total_due - closed_at_kill);
            EXPECT_EQ(log.find(marker, at + 1), std::string::npos) << "a second run closed more";
        } else {
            std::cout << "[reliability] note: no \"" << marker << "\" line in the log" << std::endl;
        }
    }

    // The verdict, from the database.
    const auto statuses = StatusById(sql);
    const std::string closed_detail =
        domain::StatusChangeDetail(domain::Status::kResolved, domain::Status::kClosed);
    std::map<std::string, int> close_rows;
    std::map<std::string, long long> versions;
    std::map<std::string, long long> events_per_ticket;
    int close_rows_not_by_system = 0;
    {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT ticket_id, user_id FROM audit_log WHERE action = "
                            "'STATUS_CHANGED' AND detail = :d",
             soci::use(closed_detail));
        for (const auto& row : rows) {
            ++close_rows[row.get<std::string>(0)];
            if (row.get<std::string>(1) != "system") ++close_rows_not_by_system;
        }
        soci::rowset<soci::row> v =
            (sql.prepare << "SELECT id, CAST(version AS TEXT) FROM tickets");
        for (const auto& row : v) versions[row.get<std::string>(0)] = std::stoll(row.get<std::string>(1));
        soci::rowset<soci::row> e = (sql.prepare
                                     << "SELECT ticket_id, CAST(COUNT(*) AS TEXT) FROM events "
                                        "GROUP BY ticket_id");
        for (const auto& row : e) {
            events_per_ticket[row.get<std::string>(0)] = std::stoll(row.get<std::string>(1));
        }
    }
    int not_closed = 0, wrong_audit = 0, wrong_version = 0, uneven_events = 0;
    const long long events_each = events_per_ticket[due_ids.front()];
    for (const auto& id : due_ids) {
        if (statuses.at(id) != "CLOSED") ++not_closed;
        if (close_rows[id] != 1) ++wrong_audit;
        if (versions.at(id) != 3) ++wrong_version;
        if (events_per_ticket[id] != events_each) ++uneven_events;
    }
    EXPECT_EQ(statuses.at(template_id), "CLOSED");
    EXPECT_EQ(close_rows[template_id], 1);
    EXPECT_EQ(not_closed, 0) << "due tickets not CLOSED";
    EXPECT_EQ(wrong_audit, 0) << "due tickets without exactly one Resolved → Closed audit row";
    EXPECT_EQ(wrong_version, 0) << "due tickets updated other than once (version != 3)";
    EXPECT_GT(events_each, 0) << "the close wrote no outbox event";
    EXPECT_EQ(uneven_events, 0) << "due tickets with a different number of outbox events";
    EXPECT_EQ(close_rows_not_by_system, 0);
    int early = 0;
    for (const auto& id : not_due_ids) {
        if (statuses.at(id) != "RESOLVED" || close_rows.count(id) != 0) ++early;
    }
    EXPECT_EQ(early, 0) << "tickets resolved less than 14 days ago were closed";
    EXPECT_EQ(statuses.at(reopened_id), "OPEN");
    EXPECT_EQ(statuses.at(reresolved_id), "RESOLVED") << "closed 13 days after its second resolve";
    EXPECT_EQ(close_rows.count(reopened_id) + close_rows.count(reresolved_id), 0U);
    long long all_close_rows = 0;
    for (const auto& [id, n] : close_rows) all_close_rows += n;
    EXPECT_EQ(all_close_rows, total_due) << "Resolved → Closed audit rows in all";
    session->close();
    const Snapshot snapshot = LoadSnapshot(url);
    EXPECT_TRUE(snapshot.integrity_problems.empty()) << snapshot.integrity_problems.front();

    std::cout << "[figures] auto-close crash " << db_name << ": " << total_due
              << " due tickets (+" << kNotDue << " not due, 1 reopened, 1 resolved again) "
              << "inserted in " << insert_s << " s; server ready in " << ready_s
              << " s; SIGKILL " << job_ran_s << " s after the first batch committed, with "
              << closed_at_kill << " closed (" << closed_at_kill / kBatch << " batches of "
              << kBatch << ", about "
              << (job_ran_s > 0 ? static_cast<double>(closed_at_kill - first_seen) / job_ran_s : 0)
              << " closes/s); after the restart the first run closed the other " << rest_logged
              << ", all " << total_due << " closed within " << finish_s
              << " s of the restart (the job's first run is 5 s after start); " << all_close_rows
              << " close audit rows, 0 duplicates, 0 closed early (seed " << seed << ")"
              << std::endl;
}

}  // namespace
}  // namespace ticketing::testing::reliability
