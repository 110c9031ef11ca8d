#include "store/connection_pool.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <set>
#include <stdexcept>
#include <vector>

#include "domain/errors.hpp"

namespace ticketing::store {
namespace {

std::unique_ptr<Connection> OpenMemory() {
    return std::make_unique<Connection>(
        std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=:memory:"), Dialect::kSqlite);
}

TEST(ConnectionPool, FillOpensEveryConnectionOnceAndAcquireOpensNoMore) {
    int opened = 0;
    ConnectionPool pool(3, [&] { ++opened; return OpenMemory(); }, std::chrono::milliseconds(50));
    EXPECT_EQ(opened, 0) << "connections open lazily unless filled";
    pool.Fill();
    EXPECT_EQ(opened, 3);
    pool.Fill();
    EXPECT_EQ(opened, 3) << "a second Fill opens nothing";
    {
        auto a = pool.Acquire();
        auto b = pool.Acquire();
        auto c = pool.Acquire();
        EXPECT_EQ(pool.in_use(), 3U);
        EXPECT_THROW((void)pool.Acquire(), domain::Error) << "the pool is exhausted";
    }
    EXPECT_EQ(opened, 3);
    EXPECT_EQ(pool.in_use(), 0U);
}

TEST(ConnectionPool, TheConnectionReturnedLastIsHandedOutFirst) {
    ConnectionPool pool(3, OpenMemory, std::chrono::milliseconds(50));
    pool.Fill();
    // One caller at a time keeps reusing one connection, whose page cache is warm; a second
    // caller at the same time gets another, and the one returned last comes back first.
    std::vector<const Connection*> seen;
    for (int i = 0; i < 4; ++i) {
        auto lease = pool.Acquire();
        seen.push_back(&*lease);
    }
    EXPECT_EQ(std::set<const Connection*>(seen.begin(), seen.end()).size(), 1U);
    const Connection* a = nullptr;
    const Connection* b = nullptr;
    {
        auto first = pool.Acquire();
        auto second = pool.Acquire();
        a = &*first;
        b = &*second;
        EXPECT_NE(a, b);
        EXPECT_EQ(a, seen[0]);
    }  // `first` is returned after `second`: destroyed in reverse order
    auto next = pool.Acquire();
    EXPECT_EQ(&*next, a);
    auto after = pool.TryAcquire();
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(&**after, b);
}

TEST(ConnectionPool, FillThatFailsLeavesTheSlotForALaterAttempt) {
    bool fail = true;
    int opened = 0;
    ConnectionPool pool(
        2,
        [&] {
            if (fail && opened == 1) throw std::runtime_error("database unavailable");
            ++opened;
            return OpenMemory();
        },
        std::chrono::milliseconds(50));
    EXPECT_THROW(pool.Fill(), std::runtime_error);
    EXPECT_EQ(opened, 1);
    fail = false;
    pool.Fill();
    EXPECT_EQ(opened, 2);
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    EXPECT_EQ(opened, 2);
}

}  // namespace
}  // namespace ticketing::store
