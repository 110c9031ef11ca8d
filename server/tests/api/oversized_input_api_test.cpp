// TESTPLAN REL-15, the cases HttpApi and the framing unit tests leave out: many headers, a chunked
// body that streams past the body limit, very deep JSON, and the code-point limits of comments and
// titles measured with multi-byte characters. Every answer is a deliberate 4xx and the server
// keeps serving afterwards.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <set>

#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kBodyLimit = 1024 * 1024;

struct Streamed {
    std::string received;  // everything the server sent
    std::size_t sent = 0;  // body bytes written before the server stopped reading or answered
    bool closed = false;   // the server closed the connection (FIN or reset) before the deadline
};

// Writes `head`, then chunks of `chunk` bytes (chunked transfer coding) until `total` body bytes
// are sent or the server answers or stops reading, then reads until the server closes the
// connection or `timeout` passes. Never blocks past the deadline, whatever the server does.
Streamed StreamChunked(std::uint16_t port, const std::string& head, std::size_t chunk, std::size_t total,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    Streamed out;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    EXPECT_GE(fd, 0);
    if (fd < 0) return out;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto deadline = Clock::now() + timeout;
    const auto left = [&] {
        return static_cast<int>(std::max<long long>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count()));
    };
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
        ADD_FAILURE() << "connect failed";
        ::close(fd);
        return out;
    }

    // The bytes to send: the head, then the body as chunks, then the last chunk.
    std::string pending = head;
    std::size_t queued_body = 0;
    const auto refill = [&] {
        if (pending.size() >= 65536 || queued_body >= total) return;
        const std::size_t n = std::min(chunk, total - queued_body);
        char size_line[32];
        const int len = std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
        pending.append(size_line, static_cast<std::size_t>(len));
        pending.append(n, 'a');
        pending += "\r\n";
        queued_body += n;
        if (queued_body >= total) pending += "0\r\n\r\n";
    };
    std::size_t body_written = 0;
    bool writing = true;
    char buf[8192];
    while (left() > 0) {
        refill();
        pollfd pfd{fd, static_cast<short>(POLLIN | (writing && !pending.empty() ? POLLOUT : 0)), 0};
        if (::poll(&pfd, 1, left()) <= 0) break;
        if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n > 0) {
                out.received.append(buf, static_cast<std::size_t>(n));
                writing = false;  // answered: the rest of the body is not wanted
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                out.closed = true;
                break;
            }
        }
        if (writing && (pfd.revents & POLLOUT) != 0) {
            const ssize_t n = ::send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) writing = false;
                continue;
            }
            body_written += static_cast<std::size_t>(n);
            pending.erase(0, static_cast<std::size_t>(n));
        }
    }
    out.sent = body_written > head.size() ? body_written - head.size() : 0;
    ::close(fd);
    return out;
}

std::string ChunkedHead(const std::string& target, const std::string& token) {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
           "9\r\n{\"name\":\"\r\n";  // the body starts as a well-formed JSON document
}

// `count` code points cycling through 1-, 2-, 3- and 4-byte UTF-8 sequences.
std::string MixedText(std::size_t count) {
    static constexpr std::array<const char*, 4> kChars = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += kChars[i % kChars.size()];
    return out;
}

std::string Repeat(std::string_view piece, std::size_t count) {
    std::string out;
    out.reserve(piece.size() * count);
    for (std::size_t i = 0; i < count; ++i) out += piece;
    return out;
}

class OversizedInputApi : public ApiTest {
protected:
    // After every oversized request the server still answers an ordinary one.
    void ExpectStillServing() {
        EXPECT_EQ(http().Get("/healthz").status, 200);
        const auto list = http().Get("/api/tickets?limit=1", admin().auth);
        EXPECT_EQ(list.status, 200) << list.body;
    }
};

TEST_F(OversizedInputApi, AThousandHeadersOverTheHeadLimitAre431ButFewBytesInManyHeadersPass) {
    // 1,000 headers of 16 bytes: 16 KB, twice the 8 KiB head limit.
    std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 1000; ++i) {
        char line[32];
        std::snprintf(line, sizeof line, "X-Pad-%04d: v\r\n", i);
        many += line;
    }
    many += "\r\n";
    ASSERT_GT(many.size(), 8192u + 6000);
    const std::string reply = RawExchange(server().port(), many);
    EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply.substr(0, 200);
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply.substr(0, 400);

    // The limit is on bytes, not on the number of fields (docs/security.md §2): 1,000 headers of
    // 5 bytes fit in 8 KiB and are served.
    std::string small = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
    for (int i = 0; i < 1000; ++i) small += "X:1\r\n";
    small += "\r\n";
    ASSERT_LT(small.size(), 8192u);
    const std::string ok = RawExchange(server().port(), small);
    EXPECT_EQ(ok.rfind("HTTP/1.1 200", 0), 0u) << ok.substr(0, 200);
    ExpectStillServing();
}

TEST_F(OversizedInputApi, AChunkedBodyStreamingPastTheLimitIs413AndTheConnectionIsClosed) {
    // A chunked body under the limit is read and served, so the 413 below is about the size.
    const std::string small = R"({"name":"chunked category"})";
    char size_line[16];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", small.size());
    const std::string fine = RawExchange(
        server().port(), "POST /api/cti/categories HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
                             admin().token + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                             size_line + small + "\r\n0\r\n\r\n");
    EXPECT_EQ(fine.rfind("HTTP/1.1 201", 0), 0u) << fine.substr(0, 300);

    // 64 MiB offered in 64 KiB chunks, never announced: the server must stop at 1 MiB. Loopback
    // socket buffers take a few MiB whatever the server does, hence the margin below.
    const auto started = Clock::now();
    const Streamed big = StreamChunked(server().port(), ChunkedHead("/api/cti/categories", admin().token),
                                       64 * 1024, 64 * kBodyLimit);
    EXPECT_EQ(big.received.rfind("HTTP/1.1 413", 0), 0u) << big.received.substr(0, 300);
    EXPECT_NE(big.received.find("payload_too_large"), std::string::npos) << big.received.substr(0, 400);
    EXPECT_TRUE(big.closed) << "the connection stayed open after the 413";
    EXPECT_LT(big.sent, 32 * kBodyLimit) << "the server kept reading the oversized body";
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(4));

    // Nothing was created by the refused request.
    const auto categories = http().Get("/api/cti/categories", admin().auth).Json();
    for (const auto& c : categories.as_array()) EXPECT_LT(Str(c.at("name")).size(), 100u);
    ExpectStillServing();
}

TEST_F(OversizedInputApi, JsonNestedDeeperThanTheLimitIs400EvenAtDepthOneHundredThousand) {
    const auto post = [&](const std::string& body) { return http().Post("/api/tickets", body, admin().auth); };
    for (const std::size_t depth : {std::size_t{33}, std::size_t{100000}}) {
        const std::string arrays = Repeat("[", depth) + Repeat("]", depth);
        const std::string objects = Repeat(R"({"a":)", depth) + "1" + Repeat("}", depth);
        const std::string unclosed = Repeat("[", depth);
        for (const std::string* body : {&arrays, &objects, &unclosed}) {
            ASSERT_LT(body->size(), kBodyLimit);
            const auto res = post(*body);
            EXPECT_EQ(res.status, 400) << "depth " << depth << ": " << res.body.substr(0, 200);
            EXPECT_NE(res.body.find("nested deeper than 32 levels"), std::string::npos)
                << "depth " << depth << ": " << res.body.substr(0, 200);
        }
    }
    // Depth 32 parses; it fails only on the schema (a ticket is not an array).
    const auto at_limit = post(Repeat("[", 32) + Repeat("]", 32));
    EXPECT_EQ(at_limit.status, 400);
    EXPECT_EQ(at_limit.body.find("nested deeper"), std::string::npos) << at_limit.body;
    EXPECT_EQ(http().Get("/api/tickets", admin().auth).Json().as_array().size(), 0u);
    ExpectStillServing();
}

TEST_F(OversizedInputApi, CommentsAreLimitedTo65536CodePointsNotBytes) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    const auto comment = [&](const std::string& body) {
        return http().Post("/api/tickets/" + id + "/comments", bj::serialize(bj::object{{"body", body}}),
                           admin().auth);
    };
    const std::string emoji = "\xF0\x9F\x98\x80";
    // 64 Ki code points of 1–4 bytes (160 KiB) and of 4 bytes (256 KiB) are accepted as sent.
    for (const std::string& body : {MixedText(65536), Repeat(emoji, 65536)}) {
        const auto res = comment(body);
        ASSERT_EQ(res.status, 201) << res.body.substr(0, 200);
        EXPECT_TRUE(Str(res.Json().at("body")) == body) << "the comment did not round-trip";
    }
    // One code point more is a 400, whatever its width.
    for (const std::string& body : {MixedText(65537), Repeat(emoji, 65537), std::string(65537, 'b')}) {
        const auto res = comment(body);
        EXPECT_EQ(res.status, 400) << res.body.substr(0, 200);
        EXPECT_NE(res.body.find("at most 65536 characters"), std::string::npos) << res.body.substr(0, 200);
    }
    const auto stored = http().Get("/api/tickets/" + id, admin().auth);
    ASSERT_EQ(stored.status, 200);
    const auto list = stored.Json().at("comments").as_array();
    ASSERT_EQ(list.size(), 2u);
    std::multiset<std::size_t> sizes;
    for (const auto& c : list) sizes.insert(Str(c.at("body")).size());
    EXPECT_EQ(sizes, (std::multiset<std::size_t>{MixedText(65536).size(), 4u * 65536}));
    ExpectStillServing();
}

TEST_F(OversizedInputApi, TitlesAreLimitedTo200CodePointsNotBytes) {
    const std::string emoji = "\xF0\x9F\x98\x80";
    for (const std::string& title : {MixedText(200), Repeat(emoji, 200), std::string(200, 't')}) {
        const auto ticket = CreateTicket(admin().auth, {{"title", title}});
        EXPECT_TRUE(Str(ticket.at("title")) == title) << "the title did not round-trip";
        const auto patched = http().Patch("/api/tickets/" + Str(ticket.at("id")),
                                          bj::serialize(bj::object{{"title", Repeat(emoji, 200)}}), admin().auth);
        EXPECT_EQ(patched.status, 200) << patched.body;
    }
    for (const std::string& title : {MixedText(201), Repeat(emoji, 201), std::string(201, 't')}) {
        bj::object body{{"title", title},
                        {"severity", 3},
                        {"categoryId", SeedRoute().category},
                        {"typeId", SeedRoute().type},
                        {"itemId", SeedRoute().item}};
        const auto res = http().Post("/api/tickets", bj::serialize(body), admin().auth);
        EXPECT_EQ(res.status, 400) << res.body.substr(0, 200);
        EXPECT_NE(res.body.find("title must be at most 200 characters"), std::string::npos) << res.body;
    }
    EXPECT_EQ(http().Get("/api/tickets", admin().auth).Json().as_array().size(), 3u);
    ExpectStillServing();
}

}  // namespace
}  // namespace ticketing::testing
