#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ticketing::testing {

struct ReceivedRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    [[nodiscard]] std::string Header(std::string_view name) const;
};

// A TLS server identity made up for one test: a self-signed certificate for 127.0.0.1.
struct TestCertificate {
    std::string certificate_pem;
    std::string private_key_pem;
};
[[nodiscard]] TestCertificate MakeSelfSignedCertificate();

// A real HTTP(S) receiver on 127.0.0.1 for webhook tests: records every request and answers
// each with the configured status (200 unless told otherwise), or not at all when hanging.
class WebhookReceiver {
public:
    // Listens at once on `port` (0 = any free port); with a certificate, speaks HTTPS.
    explicit WebhookReceiver(std::uint16_t port = 0, const TestCertificate* tls = nullptr);
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    [[nodiscard]] std::uint16_t port() const;
    [[nodiscard]] std::string Url(std::string_view path = "/hook") const;
    void RespondWith(int status, std::string body = "ok");
    // Reads requests but never answers them (a receiver that hangs).
    void Hang();
    // Stops listening and drops open connections.
    void Stop();

    [[nodiscard]] std::vector<ReceivedRequest> Received() const;
    // Waits until at least `count` requests arrived or `timeout` passed; returns them all.
    std::vector<ReceivedRequest> WaitFor(
        std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A loopback port nothing listens on (bound, then released).
[[nodiscard]] std::uint16_t UnusedPort();

}  // namespace ticketing::testing
