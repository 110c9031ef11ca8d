// Malformed HTTP, black box (TESTPLAN REL-16): captured valid requests mutated by zzuf, plus
// hand-made cases, against the real (ASan + UBSan) binary. Every request must be answered or
// closed within 2 s, never with a 5xx other than 501/505, and the server must stay up and keep
// answering valid requests.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "raw_http.hpp"
#include "world.hpp"

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;
using std::chrono::milliseconds;

constexpr milliseconds kAnswerWithin(2000);

bool Acceptable(int status) { return status < 500 || status == 501 || status == 505; }

std::string Printable(std::string_view bytes, std::size_t max = 120) {
    std::string out;
    for (const char ch : bytes.substr(0, max)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            out += ch;
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
}

std::string Crlf(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

std::string Hex(std::size_t n) {
    std::ostringstream out;
    out << std::hex << n;
    return out.str();
}

// The captured requests of requests/, with their placeholders filled in afresh for every use.
class Templates {
public:
    explicit Templates(std::map<std::string, std::string> values) : values_(std::move(values)) {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(DataDir() / "requests")) {
            if (entry.path().extension() == ".http") files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            names_.push_back(file.filename().string());
            texts_.push_back(text.str());
        }
    }

    [[nodiscard]] std::size_t size() const { return texts_.size(); }
    [[nodiscard]] const std::string& name(std::size_t i) const { return names_[i]; }

    [[nodiscard]] std::string Fill(std::size_t i) {
        std::string text = texts_[i];
        ReplaceAll(text, "${UNIQUE}", std::to_string(++unique_));
        for (const auto& [key, value] : values_) ReplaceAll(text, "${" + key + "}", value);
        const auto split = text.find("\n\n");
        const bool chunked = text.find("Transfer-Encoding: chunked") < split;
        const bool sized = text.find("${LENGTH}") < split;
        if (!chunked && !sized) return Crlf(text);
        std::string head = Crlf(text.substr(0, split)) + "\r\n\r\n";
        std::string body = text.substr(split + 2);
        if (sized) {
            ReplaceAll(head, "${LENGTH}", std::to_string(body.size()));
            return head + body;
        }
        const std::size_t half = body.size() / 2;
        return head + Hex(half) + "\r\n" + body.substr(0, half) + "\r\n" + Hex(body.size() - half) +
               "\r\n" + body.substr(half) + "\r\n0\r\n\r\n";
    }

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> names_;
    std::vector<std::string> texts_;
    int unique_ = 0;
};

class MalformedHttp : public ::testing::Test {
protected:
    void SetUp() override {
        world_ = MakeWorld();
        server_ = std::make_unique<ServerProcess>(TicketingBinary(), world_.server_env,
                                                  world_.dir / "server.log");
        server_->Start();
        const Client http(server_->port());
        const auto route = FindRoute(http, world_.KeyHeader());
        const std::string token = Login(http, "admin", world_.admin_password);
        const auto me = http.Get("/api/auth/me", {{"Authorization", "Bearer " + token}});
        ASSERT_EQ(me.status, 200) << me.body;
        const auto ticket = http.Post("/api/tickets",
                                      bj::serialize(bj::object{{"title", "the fuzzed ticket"},
                                                               {"severity", 3},
                                                               {"categoryId", route.category},
                                                               {"typeId", route.type},
                                                               {"itemId", route.item}}),
                                      world_.KeyHeader());
        ASSERT_EQ(ticket.status, 201) << ticket.body;
        const auto json = bj::parse(ticket.body);
        ticket_id_ = bj::value_to<std::string>(json.at("id"));
        values_ = {{"KEY", world_.api_key},
                   {"TOKEN", token},
                   {"PASSWORD", world_.admin_password},
                   {"TICKET", ticket_id_},
                   {"DISPLAY", bj::value_to<std::string>(json.at("displayId"))},
                   {"CATEGORY", route.category},
                   {"TYPE", route.type},
                   {"ITEM", route.item},
                   {"USER", bj::value_to<std::string>(bj::parse(me.body).at("id"))}};
    }

    void TearDown() override {
        if (!server_) return;
        EXPECT_EQ(server_->Stop(), 0) << "the server did not stop cleanly";
        EXPECT_EQ(server_->SanitizerReport(), "");
    }

    // The server is alive and a valid request still gets its 200.
    void ExpectStillServing(const std::string& after) {
        ASSERT_TRUE(server_->Running()) << "the server died " << after << ":\n"
                                        << server_->SanitizerReport();
        const auto res =
            Client(server_->port()).Get("/api/tickets/" + ticket_id_, world_.KeyHeader());
        ASSERT_EQ(res.status, 200) << "a valid request " << after << ": " << res.body;
    }

    World world_;
    std::unique_ptr<ServerProcess> server_;
    std::string ticket_id_;
    std::map<std::string, std::string> values_;
};

TEST_F(MalformedHttp, ZzufMutatedRequestsNeverCrashHangOrFail) {
    const auto zzuf = FindProgram("zzuf");
    ASSERT_TRUE(zzuf) << "zzuf is not installed (scripts/install-deps.sh test)";
    Templates templates(values_);
    ASSERT_GE(templates.size(), 40U);

    // Unmutated, every captured request is valid: it gets a 2xx.
    for (std::size_t i = 0; i < templates.size(); ++i) {
        const auto r = SendRaw(server_->port(), templates.Fill(i), kAnswerWithin);
        const auto codes = StatusCodes(r.received);
        ASSERT_FALSE(codes.empty()) << templates.name(i) << " got no answer";
        for (const int code : codes) {
            if (code == 100) continue;  // the interim answer to Expect: 100-continue
            ASSERT_TRUE(code >= 200 && code < 300) << templates.name(i) << " → " << code << "\n"
                                                   << r.received;
        }
    }

    const int total = EnvInt("RELIABILITY_ZZUF_REQUESTS", 2000);
    const auto n = static_cast<int>(templates.size());
    std::map<int, int> statuses;
    std::vector<std::string> failures;
    int unanswered_closed = 0;
    milliseconds slowest{0};
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < total && failures.size() < 20; ++i) {
        const auto index = static_cast<std::size_t>(i % n);
        const int seed = i / n;
        const auto mutated =
            RunCommand({zzuf->string(), "-r", "0.001:0.02", "-s", std::to_string(seed)}, {},
                       templates.Fill(index));
        ASSERT_EQ(mutated.exit_code, 0) << mutated.err;
        const auto r = SendRaw(server_->port(), mutated.out, kAnswerWithin);
        const auto codes = StatusCodes(r.received);
        slowest = std::max(slowest, r.elapsed);
        const std::string where = templates.name(index) + " seed " + std::to_string(seed) + ": ";
        if (!r.connected) failures.push_back(where + "connection refused");
        if (r.timed_out && codes.empty())
            failures.push_back(where + "no answer and not closed within 2 s");
        if (codes.empty() && r.closed) ++unanswered_closed;
        for (const int code : codes) {
            ++statuses[code];
            if (!Acceptable(code)) {
                failures.push_back(where + std::to_string(code) + " for " + Printable(mutated.out) +
                                   "\n  → " + Printable(r.received, 400));
            }
        }
        if ((i + 1) % 100 == 0 || i + 1 == total) {
            ExpectStillServing("after mutated request " + std::to_string(i + 1));
            if (HasFatalFailure()) return;
        }
    }
    std::ostringstream histogram;
    for (const auto& [code, count] : statuses) histogram << " " << code << "×" << count;
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "[figures] zzuf: " << total << " mutated requests (" << n << " captured × seeds 0–"
              << (total - 1) / n << ", -r 0.001:0.02) in " << seconds << " s; statuses"
              << histogram.str() << "; " << unanswered_closed
              << " closed without an answer; slowest " << slowest.count() << " ms; "
              << failures.size() << " failures" << std::endl;
    for (const auto& f : failures) ADD_FAILURE() << f;
}

TEST_F(MalformedHttp, HandMadeCasesAreRefusedCleanly) {
    struct Case {
        const char* name;
        std::string bytes;
        std::vector<int> expected;  // empty: any acceptable status, or closed without one
    };
    const std::string key = "X-Api-Key: " + world_.api_key + "\r\n";
    const std::string comments = "POST /api/tickets/" + ticket_id_ +
                                 "/comments HTTP/1.1\r\nHost: x\r\n" + key +
                                 "Content-Type: application/json\r\n";
    const std::vector<Case> cases = {
        {"bare LF line ends", "GET /healthz HTTP/1.1\nHost: x\n\n", {400}},
        {"bare CR", "GET /healthz HTTP/1.1\rHost: x\r\n\r\n", {400}},
        {"NUL in a header value",
         std::string("GET /healthz HTTP/1.1\r\nHost: x\0y\r\n\r\n", 36),
         {400}},
        {"NUL in the request line",
         std::string("GET /heal\0thz HTTP/1.1\r\nHost: x\r\n\r\n", 35),
         {400}},
        {"method with a bad character", "G(T /healthz HTTP/1.1\r\nHost: x\r\n\r\n", {400}},
        {"unknown method", "BREW /api/tickets HTTP/1.1\r\nHost: x\r\n\r\n", {}},
        {"lower-case method", "get /healthz HTTP/1.1\r\nHost: x\r\n\r\n", {}},
        {"HTTP/0.9", "GET /healthz\r\n\r\n", {400}},
        {"HTTP/0.9, no blank line", "GET /healthz\r\n", {400}},
        {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", {505}},
        {"HTTP/1.2", "GET /healthz HTTP/1.2\r\nHost: x\r\n\r\n", {505}},
        {"HTTP/3.0", "GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n", {505}},
        {"version without digits", "GET /healthz HTTP/x.y\r\nHost: x\r\n\r\n", {400}},
        {"64-digit chunk size",
         comments + "Transfer-Encoding: chunked\r\n\r\n" + std::string(63, '0') +
             "1\r\nx\r\n0\r\n\r\n",
         {400, 413}},
        {"64-digit huge chunk size",
         comments + "Transfer-Encoding: chunked\r\n\r\n" + std::string(64, 'f') +
             "\r\nx\r\n0\r\n\r\n",
         {400, 413}},
        {"chunk size not hex",
         comments + "Transfer-Encoding: chunked\r\n\r\nzz\r\nx\r\n0\r\n\r\n",
         {400}},
        {"negative Content-Length", comments + "Content-Length: -1\r\n\r\n{}", {400}},
        {"Content-Length with a sign", comments + "Content-Length: +2\r\n\r\n{}", {400}},
        {"Content-Length not a number", comments + "Content-Length: 2x\r\n\r\n{}", {400}},
        {"Content-Length of 20 digits",
         comments + "Content-Length: 99999999999999999999\r\n\r\n{}",
         {400, 413}},
        {"two Content-Lengths",
         comments + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
         {400}},
        {"Content-Length and chunked",
         comments + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         {400}},
        {"Transfer-Encoding gzip",
         comments + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
         {400}},
        {"obs-fold", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", {400}},
        {"space before the colon", "GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n", {400}},
        {"header without a colon", "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n", {400}},
        {"empty request line", "\r\n\r\n", {400}},
        {"only a method, then close", "GET", {}},
        {"TLS ClientHello",
         std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11) + std::string(160, 'A'),
         {400}},
        {"2 KiB of 0xff", std::string(2048, '\xff'), {}},
        {"request target with a space", "GET /api/tickets /x HTTP/1.1\r\nHost: x\r\n\r\n", {400}},
        {"absolute-form target",
         "GET http://evil.example/api/tickets HTTP/1.1\r\nHost: x\r\n\r\n",
         {}},
        {"asterisk target on GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", {}},
        {"percent-encoded NUL in the path",
         "GET /api/tickets/%00 HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
         {}},
        {"broken percent-encoding",
         "GET /api/tickets/%zz HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
         {400}},
        {"body shorter than its Content-Length",
         comments + "Content-Length: 100\r\n\r\n{\"body\":",
         {}},
        {"JSON with invalid UTF-8",
         comments + "Content-Length: 13\r\n\r\n{\"body\":\"\xc3\x28\"}",
         {400}},
    };
    for (const auto& c : cases) {
        const auto r = SendRaw(server_->port(), c.bytes, kAnswerWithin);
        const auto codes = StatusCodes(r.received);
        EXPECT_TRUE(r.connected) << c.name;
        EXPECT_FALSE(r.timed_out && codes.empty())
            << c.name << ": no answer and not closed within 2 s";
        for (const int code : codes) EXPECT_TRUE(Acceptable(code)) << c.name << " → " << code;
        if (!c.expected.empty()) {
            ASSERT_FALSE(codes.empty()) << c.name << ": closed without an answer";
            EXPECT_NE(std::find(c.expected.begin(), c.expected.end(), codes.front()),
                      c.expected.end())
                << c.name << " → " << codes.front() << "\n"
                << Printable(r.received, 400);
            if (codes.front() >= 400) {
                EXPECT_TRUE(r.closed) << c.name << ": the connection stayed open";
            }
        }
        ExpectStillServing("after the case '" + std::string(c.name) + "'");
        if (HasFatalFailure()) return;
    }
}

}  // namespace
}  // namespace ticketing::testing::reliability
