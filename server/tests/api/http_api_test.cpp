#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

class HttpApi : public ApiTest {
protected:
    TestServerOptions ServerOptions() override {
        TestServerOptions options;
        options.env = {{"CLIENT_URL", "https://tickets.example.com"}};
        return options;
    }
};

TEST_F(HttpApi, HealthAndReadiness) {
    EXPECT_EQ(http().Get("/healthz").status, 200);
    const auto ready = http().Get("/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(Str(ready.Json().at("status")), "ready");
}

TEST_F(HttpApi, UnknownPathsAreJson404s) {
    const auto res = http().Get("/api/nothing-here", admin().auth);
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(Str(res.Json().at("code")), "not_found");
    EXPECT_EQ(res.Header("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(HttpApi, WrongMethodIs405WithAllow) {
    const auto res = http().Request("PUT", "/api/tickets", "{}", {{"Content-Type", "application/json"}});
    EXPECT_EQ(res.status, 405);
    EXPECT_NE(res.Header("Allow").find("GET"), std::string::npos);
    EXPECT_NE(res.Header("Allow").find("POST"), std::string::npos);
    EXPECT_EQ(http().Request("TRACE", "/api/tickets").status, 405);
}

TEST_F(HttpApi, MalformedJsonIs400AndChangesNothing) {
    const auto before = http().Get("/api/cti/categories", admin().auth).body;
    const auto res = http().Post("/api/cti/categories", R"({"name": )", admin().auth);
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(Str(res.Json().at("code")), "invalid_input");
    EXPECT_EQ(http().Get("/api/cti/categories", admin().auth).body, before);
}

TEST_F(HttpApi, OversizedBodyIs413) {
    const std::string huge = R"({"name":")" + std::string(1024 * 1024 + 10, 'a') + R"("})";
    const auto res = http().Post("/api/cti/categories", huge, admin().auth);
    EXPECT_EQ(res.status, 413);
    EXPECT_EQ(Str(res.Json().at("code")), "payload_too_large");
}

TEST_F(HttpApi, HugeContentLengthIsRefusedWithoutReadingTheBody) {
    const auto started = std::chrono::steady_clock::now();
    const std::string reply = RawExchange(
        server().port(),
        "POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST_F(HttpApi, EveryResponseCarriesRequestIdAndSecurityHeaders) {
    for (const auto& res : {http().Get("/api/tickets", admin().auth), http().Get("/api/nope"),
                            http().Get("/healthz")}) {
        EXPECT_EQ(res.Header("X-Request-Id").size(), 16u);
        EXPECT_EQ(res.Header("X-Content-Type-Options"), "nosniff");
        EXPECT_FALSE(res.Header("Referrer-Policy").empty());
        const auto csp = res.Header("Content-Security-Policy");
        EXPECT_NE(csp.find("object-src 'none'"), std::string::npos);
        EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos);
        EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_EQ(res.Header("Server"), "ticketing");
    }
    EXPECT_EQ(http().Get("/api/tickets", admin().auth).Header("Cache-Control"), "no-store");
}

TEST_F(HttpApi, KnownRequestIdsAreEchoed) {
    const auto res = http().Get("/healthz", {{"X-Request-Id", "trace-abc-123"}});
    EXPECT_EQ(res.Header("X-Request-Id"), "trace-abc-123");
}

TEST_F(HttpApi, CorsOnlyForTheExactClientOrigin) {
    auto res = http().Get("/api/auth/me", {{"Origin", "https://tickets.example.com"}, admin().auth[0]});
    EXPECT_EQ(res.Header("Access-Control-Allow-Origin"), "https://tickets.example.com");
    EXPECT_NE(res.Header("Vary").find("Origin"), std::string::npos);
    for (const char* origin : {"https://evil.example", "null", "https://tickets.example.com.evil.com",
                               "http://tickets.example.com", "https://tickets.example.com:8443"}) {
        res = http().Get("/api/auth/me", {{"Origin", origin}, admin().auth[0]});
        EXPECT_FALSE(res.HasHeader("Access-Control-Allow-Origin")) << origin;
    }
    res = http().Request("OPTIONS", "/api/tickets", {},
                         {{"Origin", "https://tickets.example.com"}, {"Access-Control-Request-Method", "PATCH"}});
    EXPECT_EQ(res.status, 204);
    EXPECT_NE(res.Header("Access-Control-Allow-Methods").find("PATCH"), std::string::npos);
    for (const char* header : {"Authorization", "X-Api-Key", "Content-Type", "If-Match", "Idempotency-Key"}) {
        EXPECT_NE(res.Header("Access-Control-Allow-Headers").find(header), std::string::npos) << header;
    }
    EXPECT_FALSE(res.HasHeader("Access-Control-Allow-Credentials"));
}

TEST_F(HttpApi, KeepAliveServesSeveralRequestsOnOneConnection) {
    const std::string two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const std::string reply = RawExchange(server().port(), two);
    EXPECT_EQ(std::count(reply.begin(), reply.end(), 'H') >= 2, true);
    std::size_t count = 0;
    for (std::size_t at = reply.find("HTTP/1.1 200"); at != std::string::npos; at = reply.find("HTTP/1.1 200", at + 1)) {
        ++count;
    }
    EXPECT_EQ(count, 2u) << reply;
}

TEST_F(HttpApi, FramingErrorsAreAnsweredAndTheConnectionClosed) {
    const std::string smuggle =
        "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
        "0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string reply = RawExchange(server().port(), smuggle);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
    EXPECT_EQ(reply.find("HTTP/1.1 200"), std::string::npos) << "a smuggled request was answered";
}

}  // namespace
}  // namespace ticketing::testing
