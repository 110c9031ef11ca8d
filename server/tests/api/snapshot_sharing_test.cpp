// Two ways of sharing one `pg_current_snapshot()` query among concurrent callers:
// store::SharedSnapshot (callers on the workers, the first of them sends it) and
// store::SnapshotFeed (requests on the I/O threads, a thread of its own sends it). Each caller
// must still get a snapshot taken after it asked: one that sees every transaction it committed
// before asking. Checked by PostgreSQL itself (`pg_visible_in_snapshot`) from eight threads at
// once, each committing and then asking. And a feed whose connection dies answers at once (the
// request then reads on the workers) and serves again once it has reconnected.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/shared_snapshot.hpp"
#include "store/snapshot_feed.hpp"
#include "store/sql.hpp"
#include "test_server.hpp"

namespace ticketing::testing {
namespace {

std::optional<std::string> Ask(store::SnapshotFeed& feed) {
    auto answer = std::make_shared<std::promise<std::optional<std::string>>>();
    auto future = answer->get_future();
    feed.Next([answer](std::optional<std::string> snapshot) { answer->set_value(std::move(snapshot)); });
    return future.get();
}

// The feed connects in the background and answers nullopt until it has.
std::optional<std::string> AskUntilAnswered(store::SnapshotFeed& feed) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto snapshot = Ask(feed)) return snapshot;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
}

std::string CommitTransactionWithId(store::Database& db) {
    std::string xid;
    db.Write([&](store::Tx& tx) {
        store::Query q(tx.connection().sql(), tx.dialect());
        q.Out(xid);
        q.Prepare("SELECT pg_current_xact_id()::text");
        q.Run();
    });
    return xid;
}

bool Visible(store::Database& db, const std::string& xid, const std::string& snapshot) {
    std::string visible;
    db.Read([&](store::Tx& tx) {
        store::Query q(tx.connection().sql(), tx.dialect());
        q.In(xid).In(snapshot).Out(visible);
        q.Prepare("SELECT CASE WHEN pg_visible_in_snapshot(:xid::xid8, :snapshot::pg_snapshot) "
                  "THEN 'yes' ELSE 'no' END");
        q.Run();
    });
    return visible == "yes";
}

// Eight threads, 60 times each: commit a transaction that takes an id, then ask for a snapshot.
// Counts the answers, and those that do not see the caller's own commit.
struct Tally {
    int answered = 0;
    int unseen = 0;
};
constexpr int kCallers = 8;
constexpr int kRounds = 60;
Tally CommitThenAsk(store::Database& db, const std::function<std::optional<std::string>()>& ask) {
    std::atomic<int> answered{0};
    std::atomic<int> unseen{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kCallers; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kRounds; ++i) {
                const std::string xid = CommitTransactionWithId(db);
                const auto snapshot = ask();
                if (!snapshot) continue;
                ++answered;
                if (!Visible(db, xid, *snapshot)) ++unseen;
            }
        });
    }
    for (auto& t : threads) t.join();
    return {answered.load(), unseen.load()};
}

std::unique_ptr<store::Database> OpenWithEightReaders(const TestDatabase& database) {
    store::DatabaseOptions options;
    options.read_connections = 8;
    return store::Database::Open(database.url(), options);
}

TEST(SharedSnapshot, EveryCallerSeesWhatItCommittedBeforeAskingPostgresOnly) {
    TestDatabase database;
    auto db = OpenWithEightReaders(database);
    store::SharedSnapshot snapshots;
    const Tally tally =
        CommitThenAsk(*db, [&] { return db->Read([&](store::Tx& tx) { return snapshots.Current(tx); }); });
    EXPECT_EQ(tally.answered, kCallers * kRounds);
    EXPECT_EQ(tally.unseen, 0) << "snapshots older than their caller's last commit";
}

TEST(SnapshotFeed, EveryCallerSeesWhatItCommittedBeforeAskingPostgresOnly) {
    TestDatabase database;
    auto db = OpenWithEightReaders(database);
    auto feed = db->FeedSnapshots();
    ASSERT_NE(feed, nullptr);
    ASSERT_TRUE(AskUntilAnswered(*feed).has_value()) << "the feed never connected";
    const Tally tally = CommitThenAsk(*db, [&] { return Ask(*feed); });
    // A healthy feed answers everyone; one that answered nullopt throughout would prove nothing.
    EXPECT_EQ(tally.answered, kCallers * kRounds);
    EXPECT_EQ(tally.unseen, 0) << "snapshots older than their caller's last commit";
}

TEST(SnapshotFeed, AnswersAtOnceWhenItsConnectionDiesAndServesAgainAfterPostgresOnly) {
    TestDatabase database;
    auto db = store::Database::Open(database.url(), store::DatabaseOptions{});
    auto feed = db->FeedSnapshots();
    ASSERT_TRUE(AskUntilAnswered(*feed).has_value()) << "the feed never connected";

    long long killed = 0;
    db->Read([&](store::Tx& tx) {
        store::Query q(tx.connection().sql(), tx.dialect());
        q.Out(killed);
        q.Prepare("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                  "WHERE application_name = 'ticketing_snapshot_feed' AND datname = current_database()");
        q.Run();
    });
    ASSERT_EQ(killed, 1) << "the feed's session should be the one so named";

    // The next question meets the dead connection: an answer (nullopt) comes promptly, not
    // after a timeout, and later ones are answered with snapshots again once it reconnects.
    const auto started = std::chrono::steady_clock::now();
    const auto first = Ask(*feed);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    EXPECT_FALSE(first.has_value()) << "a terminated session cannot have answered";
    const auto again = AskUntilAnswered(*feed);
    ASSERT_TRUE(again.has_value()) << "the feed did not reconnect";
    const std::string xid = CommitTransactionWithId(*db);
    const auto after = Ask(*feed);
    ASSERT_TRUE(after.has_value());
    EXPECT_TRUE(Visible(*db, xid, *after));

    feed->Stop();
    EXPECT_FALSE(Ask(*feed).has_value()) << "a stopped feed answers nullopt at once";
}

}  // namespace
}  // namespace ticketing::testing
