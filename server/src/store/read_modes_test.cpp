// The two ways a request's reads run besides the plain one (store/no_wait.hpp,
// Database::ReadTogether): on a thread that must not wait, and in one shared read transaction.
// On a real, migrated SQLite file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "platform/config.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"
#include "store/no_wait.hpp"

namespace ticketing::store {
namespace {

class ReadModesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("read-modes-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    void Open(int readers, std::int64_t mmap_bytes = 0) {
        DatabaseOptions options;
        options.read_connections = readers;
        options.reader_mmap_bytes = mmap_bytes;
        options.busy_timeout_ms = 200;
        db_ = Database::Open(platform::ParseDatabaseUrl("sqlite:" + (dir_ / "db.sqlite").string()), options);
        (void)Migrator(*db_).Apply();
    }
    void AddCategory(int n) {
        db_->Write([n](Tx& tx) {
            tx.connection().ExecScript("INSERT INTO categories (id, name, created_at) VALUES ('c" +
                                       std::to_string(n) + "', 'Category " + std::to_string(n) + "', 1)");
        });
    }
    static std::int64_t Categories(Tx& tx) {
        std::int64_t n = 0;
        tx.sql() << "SELECT COUNT(*) FROM categories", soci::into(n);
        return n;
    }

    std::filesystem::path dir_;
    std::unique_ptr<Database> db_;
};

TEST_F(ReadModesTest, WithoutWaitingAReadTakesAnIdleConnectionAndAWriteRefuses) {
    Open(2);
    AddCategory(1);
    {
        const NoWaitScope no_wait;
        EXPECT_EQ(db_->Read(Categories), 1);
        EXPECT_THROW(AddCategory(2), WouldBlock);
    }
    EXPECT_FALSE(NoWait()) << "the scope ends with its block";
    EXPECT_EQ(db_->Read(Categories), 1) << "the refused write wrote nothing";
    AddCategory(2);
    EXPECT_EQ(db_->Read(Categories), 2);
}

TEST_F(ReadModesTest, WithEveryReaderBusyAReadThatMustNotWaitGivesUpAtOnce) {
    Open(2);
    std::promise<void> release;
    const std::shared_future<void> released = release.get_future().share();
    std::vector<std::promise<void>> holding(2);
    std::vector<std::thread> holders;
    for (auto& held : holding) {
        holders.emplace_back([&, held = &held] {
            db_->Read([&](Tx& tx) {
                (void)Categories(tx);
                held->set_value();
                released.wait();
            });
        });
    }
    for (auto& held : holding) held.get_future().wait();
    ASSERT_EQ(db_->pool_usage().in_use, 2U);
    {
        const NoWaitScope no_wait;
        const auto started = std::chrono::steady_clock::now();
        EXPECT_THROW((void)db_->Read(Categories), WouldBlock);
        EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100))
            << "it must not wait for the pool (busy timeout 200 ms)";
    }
    release.set_value();
    for (auto& t : holders) t.join();
    EXPECT_EQ(db_->pool_usage().in_use, 0U);
}

TEST_F(ReadModesTest, AReadAbandonedForTheWorkersEndsItsTransaction) {
    // One reader: the connection the abandoned read used is the one every later read gets. Had
    // its transaction been left open, the next BEGIN would fail, or its old snapshot would hide
    // the write below.
    Open(1);
    AddCategory(1);
    {
        const NoWaitScope no_wait;
        EXPECT_THROW(db_->Read([](Tx& tx) {
                         (void)Categories(tx);
                         ThrowIfNoWait();  // e.g. a page-cache miss
                     }),
                     WouldBlock);
    }
    EXPECT_EQ(db_->pool_usage().in_use, 0U);
    AddCategory(2);
    EXPECT_EQ(db_->Read(Categories), 2);
}

TEST_F(ReadModesTest, ReadsTogetherShareOneConnectionAndOneSnapshot) {
    Open(2);
    AddCategory(1);
    db_->ReadTogether([&] {
        const auto before = db_->Read(Categories);
        EXPECT_EQ(db_->pool_usage().in_use, 1U);
        AddCategory(2);  // committed by the writer, after the shared snapshot began
        EXPECT_EQ(db_->Read(Categories), before) << "the second read joins the first's transaction";
        EXPECT_EQ(db_->pool_usage().in_use, 1U) << "and its connection";
    });
    EXPECT_EQ(db_->pool_usage().in_use, 0U);
    EXPECT_EQ(db_->Read(Categories), 2);
}

// The pool hands out the connection returned last, so a spare reader may first serve a request
// long after start. Its files must already be open by then, or the descriptor count creeps up
// under load for hours (REL-20 wants it flat).
TEST_F(ReadModesTest, EveryReaderOpensItsFilesWhenThePoolOpensIt) {
    Open(6);
    db_.reset();
    Open(6);  // on a migrated file, as at every start after the first
    const auto wal = (dir_ / "db.sqlite-wal").string();
    int open = 0;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        if (std::filesystem::read_symlink(fd.path(), ec).string() == wal) ++open;
    }
    EXPECT_EQ(open, 7) << "the writer's WAL descriptor and one per reader, before any read";
}

// SQLITE_MMAP_MB reaches every reader, and nothing is mapped without it. A Read inside another
// (not under ReadTogether) leases a second reader, so both of the pool's readers are asked.
TEST_F(ReadModesTest, ReadersMapTheFileOnlyWhenAskedTo) {
    const auto mmap_size = [](Tx& tx) {
        std::int64_t n = -1;
        tx.sql() << "PRAGMA mmap_size", soci::into(n);
        return n;
    };
    const auto both = [&] {
        return db_->Read([&](Tx& outer) {
            const std::int64_t inner = db_->Read(mmap_size);
            return std::make_pair(mmap_size(outer), inner);
        });
    };
    Open(2);
    EXPECT_EQ(both(), std::make_pair(std::int64_t{0}, std::int64_t{0}));
    db_.reset();
    Open(2, std::int64_t{64} << 20);
    const std::int64_t mapped = std::int64_t{64} << 20;
    EXPECT_EQ(both(), std::make_pair(mapped, mapped));
    AddCategory(1);
    EXPECT_EQ(db_->Read(Categories), 1) << "a mapped reader sees a commit made after it opened";
}

}  // namespace
}  // namespace ticketing::store
