#include "http/page_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace ticketing::http {
namespace {

std::shared_ptr<const PageCache::Page> MakePage(std::size_t bytes, std::int64_t total = 7) {
    auto page = std::make_shared<PageCache::Page>();
    page->body.assign(bytes, 'x');
    page->total = total;
    return page;
}

const store::SnapshotVersion kV1{1, "10"};

TEST(PageCache, ServesAPageOnlyAtTheVersionItWasReadAt) {
    PageCache cache(1 << 20, 1 << 16);
    EXPECT_EQ(cache.Find("/api/tickets?limit=50", kV1), nullptr);
    const auto page = MakePage(100);
    cache.Store("/api/tickets?limit=50", kV1, page);
    EXPECT_EQ(cache.Find("/api/tickets?limit=50", kV1), page);
    // The data changed since: the session's version moved on.
    EXPECT_EQ(cache.Find("/api/tickets?limit=50", {1, "11"}), nullptr);
    // Another session's version 10 says nothing about this page.
    EXPECT_EQ(cache.Find("/api/tickets?limit=50", {2, "10"}), nullptr);
    // Another request target is another page.
    EXPECT_EQ(cache.Find("/api/tickets?limit=51", kV1), nullptr);
    const auto stats = cache.stats();
    EXPECT_EQ(stats.hits, 1U);
    EXPECT_EQ(stats.misses, 4U);
    EXPECT_EQ(stats.entries, 1U);
}

TEST(PageCache, ANewerPageReplacesTheSessionsOlderOne) {
    PageCache cache(1 << 20, 1 << 16);
    cache.Store("/p", kV1, MakePage(100, 1));
    const auto newer = MakePage(120, 2);
    cache.Store("/p", {1, "11"}, newer);
    EXPECT_EQ(cache.Find("/p", kV1), nullptr);
    EXPECT_EQ(cache.Find("/p", {1, "11"}), newer);
    EXPECT_EQ(cache.stats().entries, 1U);
}

TEST(PageCache, PagesOverThePerPageLimitAreNotKept) {
    PageCache cache(1 << 20, 1000);
    cache.Store("/big", kV1, MakePage(1001));
    EXPECT_EQ(cache.Find("/big", kV1), nullptr);
    EXPECT_EQ(cache.stats().bytes, 0U);
    cache.Store("/small", kV1, MakePage(1000));
    EXPECT_NE(cache.Find("/small", kV1), nullptr);
}

TEST(PageCache, StaysWithinItsBytesDroppingTheLeastRecentlyUsed) {
    PageCache cache(3000, 2000);
    cache.Store("/a", kV1, MakePage(1000));
    cache.Store("/b", kV1, MakePage(1000));
    ASSERT_NE(cache.Find("/a", kV1), nullptr);  // /a is now more recent than /b
    cache.Store("/c", kV1, MakePage(1000));      // no room for three: /b goes
    EXPECT_NE(cache.Find("/a", kV1), nullptr);
    EXPECT_EQ(cache.Find("/b", kV1), nullptr);
    EXPECT_NE(cache.Find("/c", kV1), nullptr);
    EXPECT_LE(cache.stats().bytes, 3000U);
    EXPECT_EQ(cache.stats().entries, 2U);
}

TEST(PageCache, SessionsThatReadTheSameDataShareOneCopy) {
    PageCache cache(1 << 20, 1 << 16);
    cache.Store("/p", {1, "10"}, MakePage(100));
    cache.Store("/p", {2, "33"}, MakePage(100));  // equal bytes, another session
    const auto one = cache.Find("/p", {1, "10"});
    const auto two = cache.Find("/p", {2, "33"});
    ASSERT_NE(one, nullptr);
    ASSERT_NE(two, nullptr);
    EXPECT_EQ(one, two);
    // The same bytes with another count, or other bytes, stay apart.
    cache.Store("/p", {3, "5"}, MakePage(100, 8));
    const auto three = cache.Find("/p", {3, "5"});
    ASSERT_NE(three, nullptr);
    EXPECT_NE(three, one);
    EXPECT_EQ(three->total, 8);
    auto other = std::make_shared<PageCache::Page>();
    other->body.assign(100, 'y');
    other->total = 8;
    cache.Store("/p", {4, "5"}, other);
    EXPECT_EQ(cache.Find("/p", {4, "5"}), other);
    // The same bytes under another target are another page.
    cache.Store("/q", {1, "10"}, MakePage(100));
    EXPECT_NE(cache.Find("/q", {1, "10"}), one);
    EXPECT_EQ(cache.stats().entries, 5U);
}

TEST(PageCache, AServedPageOutlivesItsEviction) {
    PageCache cache(1500, 2000);
    cache.Store("/a", kV1, MakePage(1000));
    const auto held = cache.Find("/a", kV1);
    cache.Store("/b", kV1, MakePage(1000));  // evicts /a while a response still holds it
    EXPECT_EQ(cache.Find("/a", kV1), nullptr);
    ASSERT_NE(held, nullptr);
    EXPECT_EQ(held->body.size(), 1000U);
}

}  // namespace
}  // namespace ticketing::http
