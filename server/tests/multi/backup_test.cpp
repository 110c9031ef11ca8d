// `ticketing backup` (issue 4, TESTPLAN REL-25): a consistent copy of a live SQLite database
// that holds every write acknowledged before it started; PostgreSQL is pointed to pg_dump.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "multi_support.hpp"
#include "process.hpp"
#include "store/backup.hpp"

namespace ticketing::testing::multi {
namespace {

// Clients creating tickets until stopped; remembers every acknowledged id.
class Writers {
public:
    Writers(const TestServer& server, int threads) {
        const auto key = ServiceKey(server);
        const Route route = SeedRoute(server.client(), key);
        for (int t = 0; t < threads; ++t) {
            threads_.emplace_back([this, &server, key, route, t] {
                const HttpClient http = server.client();
                for (int n = 0; !stop_; ++n) {
                    const auto res = http.Post(
                        "/api/tickets", TicketBody(route, "w" + std::to_string(t) + "." + std::to_string(n)), key);
                    if (res.status != 201) {
                        ADD_FAILURE() << res.status << " " << res.body;
                        continue;
                    }
                    std::lock_guard lock(mutex_);
                    acked_.push_back(Str(res.Json().at("id")));
                }
            });
        }
    }
    ~Writers() { Stop(); }
    Writers(const Writers&) = delete;
    Writers& operator=(const Writers&) = delete;

    std::vector<std::string> Acked() {
        std::lock_guard lock(mutex_);
        return acked_;
    }
    void WaitFor(std::size_t count) {
        while (Acked().size() < count) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    void Stop() {
        stop_ = true;
        for (auto& t : threads_) {
            if (t.joinable()) t.join();
        }
    }

private:
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<std::string> acked_;
    std::vector<std::thread> threads_;
};

// Opens the copy on its own (not through the server's code) and checks it.
void ExpectGoodCopy(const std::filesystem::path& copy, const std::vector<std::string>& must_hold) {
    ASSERT_TRUE(std::filesystem::exists(copy));
    soci::session sql(*soci::factory_sqlite3(), "db=" + copy.string());
    std::string integrity;
    sql << "PRAGMA integrity_check", soci::into(integrity);
    EXPECT_EQ(integrity, "ok");

    std::set<std::string> ids;
    soci::rowset<std::string> rows = (sql.prepare << "SELECT id FROM tickets");
    for (const auto& id : rows) ids.insert(id);
    std::size_t missing = 0;
    for (const auto& id : must_hold) {
        if (!ids.contains(id)) ++missing;
    }
    EXPECT_EQ(missing, 0U) << "of " << must_hold.size() << " tickets acknowledged before the backup";
    EXPECT_GE(ids.size(), must_hold.size());

    // Whole transactions only: no ticket without its CREATED audit row.
    int orphans = -1;
    sql << "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
           "WHERE a.ticket_id = t.id AND a.action = 'CREATED')",
        soci::into(orphans);
    EXPECT_EQ(orphans, 0);
}

TEST(Backup, CommandCopiesALiveSqliteDatabaseUnderWritesSqliteOnly) {
    // PostgreSQL backups are pg_dump's job.
    TestServer server;
    const std::filesystem::path copy = server.database().dir() / "backup.db";
    Writers writers(server, 3);
    writers.WaitFor(40);
    const auto before = writers.Acked();

    // Another process, as an operator would run it beside the live server.
    const auto result = RunProcess({TicketingBinary(), "backup", "--output", copy.string()},
                                   {{"DATABASE_URL", "sqlite:" + server.database().url().sqlite_path},
                                    {"LOG_LEVEL", "warn"}});
    const std::size_t during = writers.Acked().size();
    writers.WaitFor(during + 20);  // the server kept writing
    writers.Stop();
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("backup written to"), std::string::npos) << result.output;
    ExpectGoodCopy(copy, before);

    // Never overwrites an earlier backup.
    const auto again = RunProcess({TicketingBinary(), "backup", "--output", copy.string()},
                                  {{"DATABASE_URL", "sqlite:" + server.database().url().sqlite_path}});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.output.find("refusing to overwrite"), std::string::npos) << again.output;
}

TEST(Backup, InProcessBackupOfTheServingDatabaseUnderWritesSqliteOnly) {
    TestServer server;
    const std::filesystem::path copy = server.database().dir() / "in-process.db";
    Writers writers(server, 3);
    writers.WaitFor(40);
    const auto before = writers.Acked();
    store::BackupTo(server.runtime().db(), copy.string());
    const std::size_t during = writers.Acked().size();
    writers.WaitFor(during + 20);  // writes go on after the copy
    writers.Stop();
    ExpectGoodCopy(copy, before);
}

TEST(Backup, RefusedWithAPointerToPgDumpPostgresOnly) {
    const TestDatabase database;
    const std::filesystem::path copy = database.dir() / "never.db";
    store::DatabaseOptions options;
    options.read_connections = 1;
    auto db = store::Database::Open(database.url(), options);
    try {
        store::BackupTo(*db, copy.string());
        ADD_FAILURE() << "backup of a PostgreSQL database did not refuse";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("pg_dump"), std::string::npos) << e.what();
    }
    db->Shutdown();

    const auto result = RunProcess({TicketingBinary(), "backup", "--output", copy.string()},
                                   {{"DATABASE_URL", database.url().postgres_conninfo}});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.output.find("pg_dump"), std::string::npos) << result.output;
    EXPECT_FALSE(std::filesystem::exists(copy));
}

}  // namespace
}  // namespace ticketing::testing::multi
