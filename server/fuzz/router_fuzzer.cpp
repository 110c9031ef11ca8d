// FZ: routing through the real server: framing, target parsing (Boost.URL), route matching,
// 404/405/preflight and the read-only handlers behind them (query parsing, cursors, search).
// Input: raw request bytes (LF line ends become CRLF; @KEY@ and @TOKEN@ stand for working
// credentials). Requests with a writing method are skipped, so every run sees the same database.
#include <array>

#include "fuzz_support.hpp"

namespace {

using ticketing::fuzz::Require;

bool Writes(std::string_view raw) {
    static constexpr std::array<std::string_view, 4> kWriting = {"POST", "PUT", "PATCH", "DELETE"};
    const std::string_view method = raw.substr(0, raw.find(' '));
    for (const auto w : kWriting) {
        if (method == w) return true;
    }
    // A pipelined second request could write too.
    return raw.find("\r\nPOST ") != std::string_view::npos ||
           raw.find("\r\nPUT ") != std::string_view::npos ||
           raw.find("\r\nPATCH ") != std::string_view::npos ||
           raw.find("\r\nDELETE ") != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& world = ticketing::fuzz::ServerWorld::Get();
    const std::string raw =
        ticketing::fuzz::ToCrlf(world.Expand(ticketing::fuzz::AsText(data, size)));
    if (Writes(raw)) return 0;
    const auto exchange = world.Send(raw);
    for (const int status : exchange.statuses) {
        Require(status < 500 || status == 501 || status == 505, "answered with a 5xx");
    }
    return 0;
}
