#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_context.hpp"

// Shared by the libFuzzer targets (docs/reliability.md). Each target defines
// LLVMFuzzerTestOneInput; built with clang's -fsanitize=fuzzer it is a fuzzer, linked with
// replay_main.cpp it replays a corpus in the normal test build.
namespace ticketing::fuzz {

// Aborts (a finding) with `what` when `ok` is false: an invariant of the code under test broke.
void Require(bool ok, const char* what);

[[nodiscard]] inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Corpus files are written with LF line ends for readability: every LF not preceded by CR
// becomes CRLF.
[[nodiscard]] std::string ToCrlf(std::string_view text);

// Parses `raw` as the server's session does (ScanHeader, then Beast's parser on the validated
// head, then the body): nullopt wherever the session would refuse the request or wait for more.
[[nodiscard]] std::optional<http::Request> ParseLikeTheServer(std::string_view raw);

// What came back for one request: the status of every response, and whether the server closed
// the connection in time.
struct Exchange {
    std::vector<int> statuses;
    std::string received;
    bool closed = false;
};

// The real server (runtime::Runtime, as `ticketing serve` wires it) in this process, on a
// seeded SQLite database in a temporary directory and a loopback port, built once per process.
// In an input, "@KEY@" and "@TOKEN@" stand for the goddard service account's API key and an
// admin JWT, so mutations start next to credentials that work.
class ServerWorld {
public:
    static ServerWorld& Get();
    ~ServerWorld();
    ServerWorld(const ServerWorld&) = delete;
    ServerWorld& operator=(const ServerWorld&) = delete;

    [[nodiscard]] const std::string& api_key() const { return api_key_; }
    [[nodiscard]] const std::string& token() const { return token_; }
    [[nodiscard]] std::string Expand(std::string_view input) const;

    // Sends `raw` on a new connection, half-closes it (nothing more is coming) and reads until
    // the server closes it. Waiting longer than 5 s is a finding (a hang).
    [[nodiscard]] Exchange Send(std::string_view raw) const;

private:
    ServerWorld();
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string api_key_;
    std::string token_;
};

}  // namespace ticketing::fuzz
