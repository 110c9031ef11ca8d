// `ticketing migrate` on several instances at once (issue 4): every migrator succeeds and the
// schema is applied exactly once.
#include <gtest/gtest.h>

#include <array>

#include "multi_support.hpp"
#include "process.hpp"
#include "store/migrator.hpp"

namespace ticketing::testing::multi {
namespace {

std::string DatabaseUrlOf(const TestDatabase& database) {
    const auto& url = database.url();
    return url.kind == platform::DatabaseKind::kPostgres ? url.postgres_conninfo
                                                         : "sqlite:" + url.sqlite_path;
}

TEST(Migrations, TwoMigratorsAtOnceBothSucceedAndApplyTheSchemaOnce) {
    // A few fresh databases: each round is one chance for the two to overlap.
    for (int round = 0; round < 3; ++round) {
        const TestDatabase database;
        store::DatabaseOptions options;
        options.read_connections = 2;
        std::array<std::unique_ptr<store::Database>, 2> dbs{
            store::Database::Open(database.url(), options), store::Database::Open(database.url(), options)};
        std::array<std::vector<std::string>, 2> applied;
        RunConcurrently(2, [&](int i) {
            applied[static_cast<std::size_t>(i)] = store::Migrator(*dbs[static_cast<std::size_t>(i)]).Apply();
        });

        const auto state = store::Migrator(*dbs[0]).State();
        EXPECT_GE(state.latest, 1);
        EXPECT_EQ(state.current, state.latest);
        // All pending migrations run in one transaction: one migrator applied all, the other none.
        EXPECT_EQ(applied[0].size() + applied[1].size(), static_cast<std::size_t>(state.latest));
        EXPECT_TRUE(applied[0].empty() || applied[1].empty());
        EXPECT_EQ(QueryInt(*dbs[1], "SELECT COUNT(*) FROM schema_migrations"), state.latest);
        EXPECT_EQ(QueryInt(*dbs[1], "SELECT COUNT(*) FROM tickets"), 0);
        for (auto& db : dbs) db->Shutdown();
    }
}

TEST(Migrations, TwoMigrateProcessesAtOnceBothSucceed) {
    const TestDatabase database;
    const std::map<std::string, std::string> env{{"DATABASE_URL", DatabaseUrlOf(database)},
                                                 {"LOG_LEVEL", "warn"}};
    std::array<ProcessResult, 2> results;
    RunConcurrently(2, [&](int i) {
        results[static_cast<std::size_t>(i)] = RunProcess({TicketingBinary(), "migrate"}, env);
    });
    int applied = 0;
    for (const auto& r : results) {
        EXPECT_EQ(r.exit_code, 0) << r.output;
        if (r.output.find("applied 0001_init.sql") != std::string::npos) ++applied;
    }
    EXPECT_EQ(applied, 1) << results[0].output << "\n---\n" << results[1].output;

    store::DatabaseOptions options;
    options.read_connections = 1;
    auto db = store::Database::Open(database.url(), options);
    const auto state = store::Migrator(*db).State();
    EXPECT_EQ(state.current, state.latest);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"), state.latest);
    db->Shutdown();
}

TEST(Migrations, MigratingAnUpToDateSchemaChangesNothing) {
    const TestDatabase database;
    store::DatabaseOptions options;
    options.read_connections = 1;
    auto db = store::Database::Open(database.url(), options);
    EXPECT_FALSE(store::Migrator(*db).Apply().empty());
    EXPECT_TRUE(store::Migrator(*db).Apply().empty());
    const auto state = store::Migrator(*db).State();
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"), state.latest);
    db->Shutdown();
}

}  // namespace
}  // namespace ticketing::testing::multi
