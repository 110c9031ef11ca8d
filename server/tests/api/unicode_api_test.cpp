// TESTPLAN REL-18: Unicode edge cases. Our own list of "naughty strings" (no download) must
// round-trip byte-exact through a ticket's title and overview, a comment, the search and a
// user's display name; invalid UTF-8, overlong encodings, lone surrogate escapes and NUL are
// 400s; nothing is ever a 5xx.
#include <map>
#include <optional>

#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

// clang-format off
// Hex escapes are followed by a new literal ("\xC2\x85" "x") where a hex digit could follow.
const std::vector<std::string> kNaughty = {
    // Bidirectional overrides and marks
    "\u202E" "exe.txt", "abc\u202E" "def\u202C" "ghi", "\u202D" "left to right\u202C", "mark\u200F" "rlm\u200E" "lrm",
    "user\u2066" "isolate\u2069" "end",
    // Zero-width characters
    "zero\u200B" "width\u200B" "space", "\u200B\u200B\u200B", "join\u200D" "er", "non\u200C" "joiner",
    "\u2060" "word joiner\u2060",
    // 4-byte emoji, ZWJ sequences, flags, skin tones, astral letters
    "\U0001F600\U0001F603\U0001F604", "\U0001F389 party \U0001F389",
    "\U0001D57F\U0001D58D\U0001D58A \U0001D596\U0001D59A\U0001D58E\U0001D588\U0001D590",
    "\U0001F40D\U0001F980\u2615", "\U0002070E\U00020731\U00020779\U00020C53",
    "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", "\U0001F469\U0001F3FD\u200D\U0001F4BB",
    "\U0001F3F3\uFE0F\u200D\U0001F308", "\U0001F1E9\U0001F1EA\U0001F1EF\U0001F1F5", "\u2764\uFE0F\u200D\U0001F525",
    "\U0001F44D\U0001F3FF skin",
    // Combining marks (Zalgo)
    "Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032D\u0308\u0307l\u036E\u0312\u036Bg\u030C\u0317\u035A\u031Ao\u0319\u0314\u036E\u0307\u0350\u0307",
    "e\u0301\u0301\u0301\u0301\u0301\u0301", "s\u0323\u0307 combining dot", "\u0301\u0302\u0303 leading marks",
    "H\u0336\u0335\u0334\u0337e\u0338\u0336l\u0335l\u0334o\u0337 strike",
    // CJK, Hangul, kana
    "\u7530\u4E2D\u3055\u3093\u306B\u3042\u3052\u3066\u4E0B\u3055\u3044", "\u30D1\u30FC\u30C6\u30A3\u30FC\u3078\u884C\u304B\u306A\u3044\u304B",
    "\uC0AC\uD68C\uACFC\uD559\uC6D0 \uC5B4\uD559\uC5F0\uAD6C\uC18C", "\u4E2D\u6587\u6E2C\u8A66", "\uFF71\uFF72\uFF73 half-width kana",
    // Arabic, Hebrew, Devanagari, Thai
    "\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645", "\u05D1\u05BC\u05B0\u05E8\u05B5\u05D0\u05E9\u05C1\u05B4\u05D9\u05EA",
    "\u0627\u0644\u0639\u0631\u0628\u064A\u0629 123 mixed", "\u0928\u092E\u0938\u094D\u0924\u0947 \u0926\u0941\u0928\u093F\u092F\u093E",
    "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u0E04\u0E23\u0E31\u0E1A",
    // Full-width
    "\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13", "\uFF54\uFF49\uFF43\uFF4B\uFF45\uFF54", "\uFF34\uFF48\uFF45\u3000\uFF51\uFF55\uFF49\uFF43\uFF4B",
    // Byte order mark
    "\uFEFF" "bom at start", "bom\uFEFF" "inside", "bom at end\uFEFF",
    // SQL-injection-like text (and FTS5 / LIKE syntax)
    "'; DROP TABLE tickets; --", "1' OR '1'='1", "\" OR \"\"=\"", "admin'--", "1; SELECT * FROM users",
    "' UNION SELECT password_hash FROM users --", "%' AND 1=1 --", "_%_%_", "\"phrase\" AND NOT x OR y*",
    "NEAR(alpha beta)", "title:value* ^start", "$$ dollar quoted $$", "E'\\x41'",
    // HTML and script
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>", "javascript:alert(1)",
    "<!-- comment -->", "&lt;&amp;&gt;&#0;", "</textarea><b>bold</b>", "<iframe srcdoc='<p>x'>",
    // Format strings and template syntax
    "%s%s%s%s%s", "%n%n%n%n", "{0}{1}{2}", "%d %x %p %08.3f", "${jndi:ldap://x/a}", "{{7*7}}", "#{7*7} ${7*7}",
    "%00%0a%0d",
    // Backslashes and quotes
    "\\\\server\\share", "C:\\Windows\\System32", "\"double quoted\"", "'single quoted'", "back\\\"slash",
    "\\u0000 literally", "\\n is not a newline", "`backtick` \u00B4acute\u00B4", "\u201Csmart\u201D \u2018quotes\u2019",
    // Very long words
    "Donaudampfschifffahrtselektrizit\u00E4tenhauptbetriebswerkbauunterbeamtengesellschaft",
    std::string(200, 'W'), std::string(3000, 'L') + "ong",
    // Unicode whitespace (not trimmed: only ASCII whitespace is)
    "\u00A0nbsp\u00A0", "em\u2003space", "\u3000ideographic\u3000", "thin\u2009space", "\u1680ogham",
    "math\u205Fspace", "mongolian\u180Evowel", "\u2007figure\u2008punct",
    // Line and paragraph separators
    "line\u2028separator", "para\u2029separator", "\u2028\u2029both",
    // Multi-line text with tab, newline and CR (overview and comments only)
    "line one\nline two", "col1\tcol2\tcol3", "crlf\r\nline", "\n\nleading newlines", "trailing newline\n",
    "\ttab indented", "  two leading spaces", "trailing spaces  ",
    // The largest code point, private use, noncharacters, C1 controls
    "\U0010FFFF max", "plane 16 \U0010FFFD", "private \uE000\uF8FF", "\uFFFE\uFFFF nonchars", "\uFDD0\uFDEF nonchars",
    "\U0001FFFE astral nonchar", "C1 \xC2\x85" " next line \xC2\x80" " pad",
    // Case folding and normalisation traps
    "\u0130stanbul \u0131i", "Stra\u00DFe STRASSE", "\u01C5\u01C8\u01CB titlecase", "\uFB01 ligature",
    "\u023A\u023F grows when lowered", "\u212B vs \u00C5 vs A\u030A", "\u2126 ohm \u03A9",
    // Math and symbols
    "\u03A9\u2248\u00E7\u221A\u222B\u02DC\u00B5\u2264\u2265\u00F7", "\u00E5\u00DF\u2202\u0192\u00A9\u02D9\u2206\u02DA\u00AC\u2026\u00E6",
    "\u00A1\u2122\u00A3\u00A2\u221E\u00A7\u00B6\u2022\u00AA\u00BA\u2013\u2260",
    // Words that mean something elsewhere
    "null", "NULL", "undefined", "true", "NaN", "Infinity", "-1e308", "0x0",
    "../../etc/passwd", "%2e%2e%2f", "file:///etc/passwd",
};
// clang-format on

// Code points of well-formed UTF-8 (the list is; the test checks).
std::optional<std::size_t> CodePoints(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return std::nullopt;
        i += len;
    }
    return n;
}

bool HasControl(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) return true;
    }
    return false;
}

bool AsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Fits a single-line field of at most `max` code points unchanged (single-line fields are trimmed
// of ASCII whitespace, so such strings would not come back byte-exact).
bool SingleLine(std::string_view s, std::size_t max) {
    const auto n = CodePoints(s);
    return n && *n >= 1 && *n <= max && !HasControl(s) && !AsciiSpace(s.front()) && !AsciiSpace(s.back());
}

class UnicodeApi : public ApiTest {
protected:
    bj::object TicketBody(const std::string& title, const std::string& overview) const {
        return {{"title", title},          {"overview", overview},         {"severity", 3},
                {"categoryId", SeedRoute().category}, {"typeId", SeedRoute().type}, {"itemId", SeedRoute().item}};
    }
};

TEST_F(UnicodeApi, NaughtyStringsRoundTripByteExactEverywhere) {
    ASSERT_GE(kNaughty.size(), 100u);
    std::size_t titles = 0, searches = 0, names = 0;
    std::map<std::string, std::string> users;  // id → displayName sent
    for (std::size_t i = 0; i < kNaughty.size(); ++i) {
        const std::string& s = kNaughty[i];
        SCOPED_TRACE("naughty string #" + std::to_string(i));
        ASSERT_TRUE(CodePoints(s)) << "the list itself must be valid UTF-8";

        const bool as_title = SingleLine(s, 200);
        const std::string title = as_title ? s : "naughty " + std::to_string(i);
        titles += as_title ? 1 : 0;
        const auto created = http().Post("/api/tickets", Serialize(TicketBody(title, s)), admin().auth);
        ASSERT_EQ(created.status, 201) << created.body.substr(0, 300);
        const auto ticket = created.Json();
        const std::string id = Str(ticket.at("id"));
        EXPECT_TRUE(Str(ticket.at("title")) == title);
        EXPECT_TRUE(Str(ticket.at("overview")) == s);

        const auto comment = http().Post("/api/tickets/" + id + "/comments", Serialize(bj::object{{"body", s}}),
                                         admin().auth);
        ASSERT_EQ(comment.status, 201) << comment.body.substr(0, 300);
        EXPECT_TRUE(Str(comment.Json().at("body")) == s);

        // Read back from the database, not from the write's echo.
        const auto read = http().Get("/api/tickets/" + id, admin().auth);
        ASSERT_EQ(read.status, 200);
        const auto detail = read.Json();
        EXPECT_TRUE(Str(detail.at("title")) == title) << Str(detail.at("title"));
        EXPECT_TRUE(Str(detail.at("overview")) == s) << Str(detail.at("overview"));
        ASSERT_EQ(detail.at("comments").as_array().size(), 1u);
        EXPECT_TRUE(Str(detail.at("comments").as_array()[0].at("body")) == s);

        // Search (3–200 code points, one line) finds the ticket through its title or overview.
        if (SingleLine(s, 200) && *CodePoints(s) >= 3) {
            ++searches;
            const auto found = http().Get("/api/tickets?search=" + UrlEncode(s), admin().auth);
            ASSERT_EQ(found.status, 200) << found.body.substr(0, 300);
            bool hit = false;
            const auto matches = found.Json();
            for (const auto& t : matches.as_array()) hit = hit || Str(t.at("id")) == id;
            EXPECT_TRUE(hit) << "search did not find the ticket";
        }

        if (SingleLine(s, 100)) {
            ++names;
            // SERVICE accounts: no password to hash, so 100 of them stay cheap.
            const auto user = http().Post(
                "/api/users",
                Serialize(bj::object{{"username", "naughty-" + std::to_string(i)},
                                     {"email", "naughty" + std::to_string(i) + "@example.com"},
                                     {"displayName", s},
                                     {"role", "SERVICE"}}),
                admin().auth);
            ASSERT_EQ(user.status, 201) << user.body.substr(0, 300);
            EXPECT_TRUE(Str(user.Json().at("displayName")) == s);
            users[Str(user.Json().at("id"))] = s;
        }
    }
    // Enough of the list went through each path to mean something.
    EXPECT_GE(titles, 80u);
    EXPECT_GE(searches, 80u);
    EXPECT_GE(names, 80u);

    const auto listed = http().Get("/api/users", admin().auth);
    ASSERT_EQ(listed.status, 200);
    std::size_t seen = 0;
    const auto all = listed.Json();
    for (const auto& u : all.as_array()) {
        const auto it = users.find(Str(u.at("id")));
        if (it == users.end()) continue;
        ++seen;
        EXPECT_TRUE(Str(u.at("displayName")) == it->second) << "displayName of " << Str(u.at("username"));
    }
    EXPECT_EQ(seen, users.size());
}

TEST_F(UnicodeApi, UsernamesAreRestrictedAndNaughtyOnesAre400) {
    for (const std::string& username :
         {std::string("admin'--"), std::string("\u00E4dmin"), std::string("\u7528\u6237"), std::string("user name"),
          std::string("\U0001F44D"), std::string("\u202E" "nimda"), std::string("admin\u200B"), std::string("<script>"),
          std::string("admin\uFEFF"), std::string("\uFF41\uFF44\uFF4D\uFF49\uFF4E"), std::string(65, 'a'),
          std::string("")}) {
        const auto res = http().Post("/api/users",
                                     Serialize(bj::object{{"username", username},
                                                          {"email", "x@example.com"},
                                                          {"displayName", "X"},
                                                          {"role", "SERVICE"}}),
                                     admin().auth);
        EXPECT_EQ(res.status, 400) << username << ": " << res.body;
    }
    // The well-formed neighbour is accepted, so the 400s are about the name.
    const auto ok = http().Post("/api/users",
                                R"({"username":"a.b_c-d@e","email":"x@example.com","displayName":"X","role":"SERVICE"})",
                                admin().auth);
    EXPECT_EQ(ok.status, 201) << ok.body;
}

// Raw bytes that are not UTF-8, overlong forms, encoded surrogates and code points past U+10FFFF.
const std::vector<std::string> kInvalidUtf8 = {
    "\xFF", "\xFE", "\xC3", "caf\xC3", "\x80", "a\xBF" "b", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x80\xAF",
    "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
    "\xFC\x84\x80\x80\x80\x80", "\xE2\x82", "\xF0\x9F\x98",
};

TEST_F(UnicodeApi, InvalidUtf8AndOverlongEncodingsAre400AndWriteNothing) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    const std::string route = R"(","severity":3,"categoryId":")" + SeedRoute().category + R"(","typeId":")" +
                              SeedRoute().type + R"(","itemId":")" + SeedRoute().item + R"("})";
    for (const auto& bad : kInvalidUtf8) {
        const std::string text = "ok " + bad + " ok";
        SCOPED_TRACE("bytes of length " + std::to_string(bad.size()));
        EXPECT_EQ(http().Post("/api/tickets", R"({"title":")" + text + route, admin().auth).status, 400);
        EXPECT_EQ(http().Post("/api/tickets", R"({"title":"t","overview":")" + text + route, admin().auth).status, 400);
        EXPECT_EQ(http().Patch("/api/tickets/" + id, R"({"title":")" + text + R"("})", admin().auth).status, 400);
        EXPECT_EQ(http().Post("/api/tickets/" + id + "/comments", R"({"body":")" + text + R"("})", admin().auth).status,
                  400);
        EXPECT_EQ(http().Post("/api/users",
                              R"({"username":"u1","email":"u1@example.com","role":"SERVICE","displayName":")" + text +
                                  R"("})",
                              admin().auth)
                      .status,
                  400);
        // Invalid bytes as a key, too.
        EXPECT_EQ(http().Post("/api/tickets/" + id + "/comments", R"({"body":"x",")" + bad + R"(":1})", admin().auth)
                      .status,
                  400);
        EXPECT_EQ(http().Get("/api/tickets?search=" + UrlEncode(text), admin().auth).status, 400);
    }
    EXPECT_EQ(http().Get("/api/tickets", admin().auth).Json().as_array().size(), 1u);
    EXPECT_EQ(AuditActions(id).size(), 1u);
    EXPECT_EQ(http().Get("/api/users", admin().auth).Json().as_array().size(), 2u);  // admin, goddard
}

TEST_F(UnicodeApi, LoneSurrogateEscapesAre400AndPairsDecode) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    for (const std::string escape : {R"(\ud800)", R"(\udfff)", R"(\udc00\ud800)", R"(x\ud800x)", R"(\ud800\u0041)",
                                     R"(\ud83d)", R"(\ude00)", R"(\ud800\ud800)"}) {
        SCOPED_TRACE(escape);
        EXPECT_EQ(http().Patch("/api/tickets/" + id, R"({"title":"a)" + escape + R"(b"})", admin().auth).status, 400);
        EXPECT_EQ(http().Patch("/api/tickets/" + id, R"({"overview":"a)" + escape + R"(b"})", admin().auth).status,
                  400);
        EXPECT_EQ(http().Post("/api/tickets/" + id + "/comments", R"({"body":"a)" + escape + R"(b"})", admin().auth)
                      .status,
                  400);
    }
    EXPECT_EQ(AuditActions(id).size(), 1u);
    // A proper pair is one 4-byte code point, stored as UTF-8.
    const auto pair = http().Patch("/api/tickets/" + id, R"({"title":"\ud83d\ude00 \udbff\udfff"})", admin().auth);
    ASSERT_EQ(pair.status, 200) << pair.body;
    EXPECT_TRUE(Str(http().Get("/api/tickets/" + id, admin().auth).Json().at("title")) ==
                "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF");
}

TEST_F(UnicodeApi, NulIsRefusedEverywhereAndOtherControlsOutsideTabAndNewlines) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    const auto patch = [&](const std::string& field, const std::string& escaped) {
        return http().Patch("/api/tickets/" + id, R"({")" + field + R"(":"a)" + escaped + R"(b"})", admin().auth).status;
    };
    const auto comment = [&](const std::string& escaped) {
        return http().Post("/api/tickets/" + id + "/comments", R"({"body":"a)" + escaped + R"(b"})", admin().auth).status;
    };
    // NUL: refused in single- and multi-line fields alike (docs: databases disagree on it).
    EXPECT_EQ(patch("title", R"(\u0000)"), 400);
    EXPECT_EQ(patch("overview", R"(\u0000)"), 400);
    EXPECT_EQ(comment(R"(\u0000)"), 400);
    EXPECT_EQ(http().Post("/api/users",
                          R"({"username":"u2","email":"u2@example.com","role":"SERVICE","displayName":"a\u0000b"})",
                          admin().auth)
                  .status,
              400);
    // Other C0 controls and DEL: refused everywhere; tab, CR and LF only in multi-line fields.
    for (const std::string control : {R"(\u0001)", R"(\u001b)", R"(\u007f)", R"(\b)", R"(\f)"}) {
        SCOPED_TRACE(control);
        EXPECT_EQ(patch("title", control), 400);
        EXPECT_EQ(patch("overview", control), 400);
        EXPECT_EQ(comment(control), 400);
    }
    for (const std::string allowed : {R"(\t)", R"(\n)", R"(\r\n)"}) {
        SCOPED_TRACE(allowed);
        EXPECT_EQ(patch("title", allowed), 400);
        EXPECT_EQ(patch("overview", allowed), 200);
        EXPECT_EQ(comment(allowed), 201);
    }
    EXPECT_TRUE(Str(http().Get("/api/tickets/" + id, admin().auth).Json().at("overview")) == "a\r\nb");
    // Search is single-line, NUL included.
    EXPECT_EQ(http().Get("/api/tickets?search=" + UrlEncode(std::string("ab\0cd", 5)), admin().auth).status, 400);
    EXPECT_EQ(http().Get("/api/tickets?search=" + UrlEncode("ab\ncd"), admin().auth).status, 400);
}

}  // namespace
}  // namespace ticketing::testing
