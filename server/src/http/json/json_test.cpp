#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "http/json/input.hpp"
#include "http/json/writer.hpp"

namespace ticketing::http::json {
namespace {

std::string Refusal(std::string_view body) {
    try {
        (void)ParseBody(body);
    } catch (const domain::Error& e) {
        EXPECT_EQ(e.code(), domain::Errc::kInvalidInput);
        return e.what();
    }
    return "";
}

TEST(JsonInput, AcceptsStrictJson) {
    const auto v = ParseBody(R"({"title":"a","severity":3,"nested":{"x":[1,2,null,true]}})");
    EXPECT_EQ(v.at("severity").as_int64(), 3);
}

TEST(JsonInput, RefusesWhatStrictJsonRefuses) {
    EXPECT_NE(Refusal(R"({"a":1,"a":2})").find("duplicate key 'a'"), std::string::npos);
    EXPECT_NE(Refusal(R"({"a":1e999})").find("out of range"), std::string::npos);
    EXPECT_NE(Refusal(std::string(33, '[') + std::string(33, ']')).find("deeper"), std::string::npos);
    EXPECT_EQ(Refusal(std::string(32, '[') + std::string(32, ']')), "");
    EXPECT_NE(Refusal("{\"a\":\"\xff\"}"), "");
    EXPECT_NE(Refusal(R"({"a":"\ud800"})"), "");
    EXPECT_NE(Refusal(R"({"a":1,})"), "");
    EXPECT_NE(Refusal(R"({"a":1} x)"), "");
    EXPECT_NE(Refusal("{'a':1}"), "");
    EXPECT_NE(Refusal(""), "");
    EXPECT_NE(Refusal("/*c*/{}"), "");
}

TEST(JsonFields, TypesAreCheckedPerField) {
    const auto v = ParseBody(R"({"title":"t","severity":"3","flag":1,"n":3.0,"big":1e300,"nul":null})");
    const Fields f(v, {"title", "severity", "flag", "n", "big", "nul"});
    EXPECT_EQ(*f.String("title"), "t");
    EXPECT_THROW((void)f.Integer("severity", 1, 5), domain::Error);
    EXPECT_THROW((void)f.Bool("flag"), domain::Error);
    EXPECT_EQ(*f.Integer("n", 1, 5), 3);
    EXPECT_THROW((void)f.Integer("big", 1, 5), domain::Error);
    EXPECT_FALSE(f.Integer("missing", 1, 5).has_value());
    const auto nul = f.NullableString("nul");
    ASSERT_TRUE(nul.has_value());
    EXPECT_FALSE(nul->has_value());
    EXPECT_THROW((void)f.String("nul"), domain::Error);
}

TEST(JsonFields, UnknownMembersAreRefusedByName) {
    const auto v = ParseBody(R"({"title":"t","passwordHash":"x"})");
    try {
        const Fields f(v, {"title"});
        FAIL();
    } catch (const domain::Error& e) {
        EXPECT_EQ(e.fields().count("passwordHash"), 1u);
    }
    EXPECT_THROW(Fields(ParseBody("[1]"), {}), domain::Error);
}

TEST(JsonWriter, EscapesAndFormatsTimes) {
    std::string out;
    Writer w(out);
    w.BeginObject().Key("s").String("a\"b\\c\n\x01").Key("t").Time(1'774'864'800'000).Key("n").Null().EndObject();
    EXPECT_EQ(out, R"({"s":"a\"b\\c\n\u0001","t":"2026-03-30T10:00:00.000Z","n":null})");
    EXPECT_EQ(FormatTime(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(FormatTime(951'782'400'123), "2000-02-29T00:00:00.123Z");
}

}  // namespace
}  // namespace ticketing::http::json
