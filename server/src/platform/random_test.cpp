#include "platform/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

namespace ticketing::platform {
namespace {

TEST(Random, Base36HasTheLengthAndAlphabetAsked) {
    for (const std::size_t length : {0U, 1U, 12U, 40U, 63U, 64U, 65U, 200U}) {
        const std::string s = RandomBase36(length);
        ASSERT_EQ(s.size(), length);
        for (const char c : s) {
            EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << "'" << c << "'";
        }
    }
}

// Batched draws must keep every character uniform: a modulo bias (bytes 252-255 kept) would put
// 8/256 of the mass on '0'-'3' instead of 7/256. 360,000 characters: each expected 10,000 times,
// σ ≈ 98, and the biased digits would sit about 1,400 (14σ) above the rest.
TEST(Random, Base36CharactersAreUniform) {
    std::array<int, 36> counts{};
    for (int i = 0; i < 3600; ++i) {
        for (const char c : RandomBase36(100)) {
            ++counts[static_cast<std::size_t>(c <= '9' ? c - '0' : c - 'a' + 10)];
        }
    }
    double chi2 = 0;
    for (const int n : counts) chi2 += (n - 10000.0) * (n - 10000.0) / 10000.0;
    // 35 degrees of freedom: P(chi2 > 80) is about 2e-5 for a uniform source.
    EXPECT_LT(chi2, 80.0);
}

// Request ids come from a per-thread buffer: across its refills (2,000 draws of 8 bytes is four
// buffers) no id repeats and each is 16 hex digits; a draw larger than the buffer still works.
TEST(Random, BufferedHexNeverRepeatsAcrossRefills) {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        const std::string id = BufferedRandomHex(8);
        ASSERT_EQ(id.size(), 16U);
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
        EXPECT_TRUE(seen.insert(id).second) << "repeated " << id;
    }
    EXPECT_EQ(BufferedRandomHex(5000).size(), 10000U);
}

TEST(Random, NewIdsAreDistinctAndShaped) {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const std::string id = NewId(1764806400000);
        ASSERT_EQ(id.size(), 25U) << id;
        ASSERT_EQ(id[0], 'c');
        EXPECT_TRUE(seen.insert(id).second) << "duplicate id " << id;
    }
}

}  // namespace
}  // namespace ticketing::platform
