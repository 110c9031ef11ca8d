#include "store/snapshot_version.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

namespace ticketing::store {
namespace {

class SnapshotVersionTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("snapshot-version-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        writer_ = Open();
        writer_->ExecScript(
            "PRAGMA journal_mode = WAL; CREATE TABLE ticket_counts (status TEXT PRIMARY KEY, n INTEGER);");
    }
    void TearDown() override {
        writer_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::unique_ptr<Connection> Open() {
        return std::make_unique<Connection>(
            std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=" + (dir_ / "db.sqlite").string()),
            Dialect::kSqlite);
    }
    static SnapshotVersion Read(Connection& connection) {
        connection.ExecScript("BEGIN");
        Tx tx(connection);
        const auto version = ReadSnapshotVersion(tx);
        connection.ExecScript("COMMIT");
        EXPECT_TRUE(version.has_value());
        return version.value_or(SnapshotVersion{0, "none"});
    }
    void Commit(const std::string& status) {
        writer_->ExecScript("INSERT OR REPLACE INTO ticket_counts VALUES ('" + status + "', 1)");
    }

    std::filesystem::path dir_;
    std::unique_ptr<Connection> writer_;
};

TEST_F(SnapshotVersionTest, StaysTheSameWhileNothingIsCommitted) {
    auto reader = Open();
    Commit("OPEN");
    const auto first = Read(*reader);
    const auto second = Read(*reader);
    EXPECT_EQ(first.session, second.session);
    EXPECT_EQ(first.data, second.data);
}

TEST_F(SnapshotVersionTest, MovesOnWithEveryCommitOfAnotherConnection) {
    auto reader = Open();
    const auto before = Read(*reader);
    Commit("OPEN");
    const auto after_one = Read(*reader);
    EXPECT_NE(after_one.data, before.data);
    Commit("CLOSED");
    const auto after_two = Read(*reader);
    EXPECT_NE(after_two.data, after_one.data);
}

TEST_F(SnapshotVersionTest, MovesOnWithACommitMadeThroughAnotherProcessesSession) {
    // A second session on the file stands in for another server process: SQLite tells commits
    // apart by the WAL index, which every process shares, not by anything in this process.
    auto reader = Open();
    auto other = Open();
    const auto before = Read(*reader);
    other->ExecScript("INSERT INTO ticket_counts VALUES ('RESOLVED', 3)");
    EXPECT_NE(Read(*reader).data, before.data);
}

TEST_F(SnapshotVersionTest, EverySessionHasItsOwnSerialAndAReconnectANewOne) {
    auto a = Open();
    auto b = Open();
    const auto va = Read(*a);
    const auto vb = Read(*b);
    EXPECT_NE(va.session, vb.session);
    a->Reconnect();
    EXPECT_NE(Read(*a).session, va.session);
}

}  // namespace
}  // namespace ticketing::store
