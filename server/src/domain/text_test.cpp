#include "domain/text.hpp"

#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "domain/user.hpp"

namespace ticketing::domain {
namespace {

TEST(Text, CountsCodePointsAndRejectsMalformedUtf8) {
    EXPECT_EQ(CountCodePoints("abc"), 3u);
    EXPECT_EQ(CountCodePoints("é😀"), 2u);
    EXPECT_FALSE(CountCodePoints("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(CountCodePoints("\xED\xA0\x80"));      // UTF-8 encoded surrogate U+D800
    EXPECT_FALSE(CountCodePoints("\xF4\x90\x80\x80"));  // beyond U+10FFFF
    EXPECT_FALSE(CountCodePoints("\xE2\x82"));          // truncated
}

TEST(Text, TitleLimitIsCountedInCodePoints) {
    const std::string two_hundred_emoji = [] {
        std::string s;
        for (int i = 0; i < 200; ++i) s += "😀";
        return s;
    }();
    EXPECT_NO_THROW((void)ValidateText("title", two_hundred_emoji, kTitleRule));
    EXPECT_THROW((void)ValidateText("title", two_hundred_emoji + "x", kTitleRule), Error);
}

TEST(Text, SingleLineFieldsRefuseControlCharactersAndNul) {
    EXPECT_THROW((void)ValidateText("title", std::string("a\0b", 3), kTitleRule), Error);
    EXPECT_THROW((void)ValidateText("title", "a\nb", kTitleRule), Error);
    EXPECT_NO_THROW((void)ValidateText("overview", "a\nb\tc", kMarkdownRule));
    EXPECT_THROW((void)ValidateText("overview", std::string("a\0b", 3), kMarkdownRule), Error);
}

TEST(Text, TrimsSingleLineValuesAndRefusesBlankOnes) {
    EXPECT_EQ(ValidateText("title", "  hi  ", kTitleRule), "hi");
    try {
        (void)ValidateText("title", "   ", kTitleRule);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidInput);
        EXPECT_EQ(e.fields().at("title"), "must not be empty");
    }
}

TEST(Users, UsernameEmailAndPasswordRules) {
    EXPECT_EQ(ValidateUsername("josh.w"), "josh.w");
    EXPECT_THROW(ValidateUsername("josh w"), Error);
    EXPECT_THROW(ValidateUsername("evil\r\nadmin"), Error);
    EXPECT_THROW(ValidateUsername(""), Error);
    EXPECT_EQ(ValidateEmail("a@b.c"), "a@b.c");
    EXPECT_THROW(ValidateEmail("not-an-email"), Error);
    EXPECT_THROW(ValidateNewPassword("elevenchars"), Error);
    EXPECT_NO_THROW(ValidateNewPassword("twelve chars"));
    EXPECT_NO_THROW(ValidateNewPassword(std::string(128, 'x')));
    EXPECT_THROW(ValidateNewPassword(std::string(129, 'x')), Error);
}

}  // namespace
}  // namespace ticketing::domain
