#include "domain/webhook.hpp"

#include <gtest/gtest.h>

#include "domain/errors.hpp"

namespace ticketing::domain {
namespace {

TEST(WebhookUrl, TakesApartHttpAndHttpsUrls) {
    const auto plain = ParseWebhookUrl("http://n8n.internal:5678/webhook/abc?x=1");
    EXPECT_FALSE(plain.tls);
    EXPECT_EQ(plain.host, "n8n.internal");
    EXPECT_EQ(plain.port, 5678);
    EXPECT_EQ(plain.host_header, "n8n.internal:5678");
    EXPECT_EQ(plain.target, "/webhook/abc?x=1");

    const auto tls = ParseWebhookUrl("HTTPS://hooks.example.com");
    EXPECT_TRUE(tls.tls);
    EXPECT_EQ(tls.port, 443);
    EXPECT_EQ(tls.host_header, "hooks.example.com");
    EXPECT_EQ(tls.target, "/");

    const auto v6 = ParseWebhookUrl("http://[::1]:8080?q");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.host_header, "[::1]:8080");
    EXPECT_EQ(v6.target, "/?q");

    EXPECT_EQ(ParseWebhookUrl("http://example.com:80/a").host_header, "example.com");
}

TEST(WebhookUrl, RefusesWhatCannotBeDelivered) {
    for (const char* bad :
         {"", "ftp://example.com/", "example.com/hook", "http://", "http:///x",
          "http://user:pw@example.com/", "http://example.com:0/", "http://example.com:70000/",
          "http://example.com:/", "http://exa mple.com/", "http://example.com/a b",
          "http://example.com/#frag", "http://[::1/", "http://-bad.com/",
          "http://example.com:8o/"}) {
        try {
            (void)ParseWebhookUrl(bad);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::kInvalidInput) << bad;
            EXPECT_EQ(e.fields().count("url"), 1U) << bad;
        }
    }
    EXPECT_THROW((void)ParseWebhookUrl("http://example.com/" + std::string(2100, 'a')), Error);
}

TEST(WebhookRetry, BacksOffExponentiallyOverAboutADay) {
    EXPECT_EQ(RetryDelayMs(1), 60'000);
    EXPECT_EQ(RetryDelayMs(2), 180'000);
    EXPECT_EQ(RetryDelayMs(3), 540'000);
    std::int64_t total = 0;
    for (int failed = 1; failed < kMaxDeliveryAttempts; ++failed) {
        EXPECT_GE(RetryDelayMs(failed), failed > 1 ? RetryDelayMs(failed - 1) : 0);
        EXPECT_LE(RetryDelayMs(failed), 8 * 3'600'000);
        total += RetryDelayMs(failed);
    }
    EXPECT_GE(kMaxDeliveryAttempts, 8);
    EXPECT_GT(total, 18 * 3'600'000LL);
    EXPECT_LT(total, 30 * 3'600'000LL);
}

}  // namespace
}  // namespace ticketing::domain
