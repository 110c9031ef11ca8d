// store::SharedSnapshot shares one `pg_current_snapshot()` query among concurrent callers. Each
// must still get a snapshot taken after its call began: one that sees every transaction the
// caller committed before calling. Checked by PostgreSQL itself (`pg_visible_in_snapshot`) from
// eight threads at once, each committing and then asking.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/shared_snapshot.hpp"
#include "store/sql.hpp"
#include "test_server.hpp"

namespace ticketing::testing {
namespace {

TEST(SharedSnapshot, EveryCallerSeesWhatItCommittedBeforeAskingPostgresOnly) {
    TestDatabase database;
    store::DatabaseOptions options;
    options.read_connections = 8;
    auto db = store::Database::Open(database.url(), options);
    store::SharedSnapshot snapshots;
    constexpr int kThreads = 8;
    constexpr int kRounds = 60;
    std::atomic<int> checked{0};
    std::atomic<int> unseen{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kRounds; ++i) {
                std::string xid;
                db->Write([&](store::Tx& tx) {  // a transaction that takes an id, committed
                    store::Query q(tx.connection().sql(), tx.dialect());
                    q.Out(xid);
                    q.Prepare("SELECT pg_current_xact_id()::text");
                    q.Run();
                });
                db->Read([&](store::Tx& tx) {
                    ++checked;
                    std::optional<std::string> snapshot = snapshots.Current(tx);
                    if (!snapshot) {
                        ++unseen;
                        return;
                    }
                    std::string visible;
                    store::Query q(tx.connection().sql(), tx.dialect());
                    q.In(xid).In(*snapshot).Out(visible);
                    q.Prepare("SELECT CASE WHEN pg_visible_in_snapshot(:xid::xid8, "
                              ":snapshot::pg_snapshot) THEN 'yes' ELSE 'no' END");
                    q.Run();
                    if (visible != "yes") ++unseen;
                });
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(checked.load(), kThreads * kRounds);
    EXPECT_EQ(unseen.load(), 0) << "snapshots older than their caller's last commit";
}

}  // namespace
}  // namespace ticketing::testing
