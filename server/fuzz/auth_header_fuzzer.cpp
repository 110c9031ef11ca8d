// FZ: authentication headers through the real server (GET /api/auth/me). Input: line 1 is the
// Authorization value, line 2 the X-Api-Key value (no second line: no X-Api-Key header);
// @TOKEN@ and @KEY@ stand for a valid admin JWT and the goddard API key, so mutations start next
// to credentials that work.
#include "fuzz_support.hpp"

namespace {

using ticketing::fuzz::Require;

bool Contains(std::string_view haystack, const std::string& needle) {
    return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& world = ticketing::fuzz::ServerWorld::Get();
    const std::string text = world.Expand(ticketing::fuzz::AsText(data, size));
    const auto newline = text.find('\n');
    const std::string authorization = text.substr(0, newline);
    const std::string key =
        newline == std::string::npos
            ? std::string()
            : text.substr(newline + 1, text.find('\n', newline + 1) - newline - 1);
    std::string raw = "GET /api/auth/me HTTP/1.1\r\nHost: fuzz\r\nAuthorization: " +
                      authorization + "\r\n";
    if (newline != std::string::npos) raw += "X-Api-Key: " + key + "\r\n";
    raw += "\r\n";

    const auto exchange = world.Send(raw);
    Require(exchange.statuses.size() == 1, "not exactly one answer");
    const int status = exchange.statuses.front();
    // 400: the framing check refused a byte in a header before authentication ran.
    Require(status == 200 || status == 400 || status == 401 || status == 403,
            "authentication answered other than 200/400/401/403");
    if (status == 200) {
        Require(Contains(key, world.api_key()) || Contains(authorization, world.token()),
                "a request without our credentials was authenticated");
    }
    return 0;
}
