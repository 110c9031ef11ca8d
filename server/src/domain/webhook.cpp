#include "domain/webhook.hpp"

#include <algorithm>
#include <cctype>

#include "domain/errors.hpp"

namespace ticketing::domain {
namespace {

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
}

bool IsHostNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

// Characters RFC 3986 allows in a path and query (including %-escapes); anything else must be
// percent-encoded by the admin.
bool IsTargetChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    return std::string_view("\"<>\\^`{|}#").find(c) == std::string_view::npos;
}

std::uint16_t ParsePort(std::string_view text) {
    if (text.empty() || text.size() > 5 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        FailField("url", "has an invalid port '" + std::string(text) + "'");
    }
    const int port = std::stoi(std::string(text));
    if (port < 1 || port > 65535)
        FailField("url", "port must be 1-65535, got " + std::string(text));
    return static_cast<std::uint16_t>(port);
}

}  // namespace

WebhookTarget ParseWebhookUrl(std::string_view url) {
    if (url.empty()) FailField("url", "is required");
    if (url.size() > kMaxWebhookUrlLength) {
        FailField("url", "must be at most " + std::to_string(kMaxWebhookUrlLength) + " characters");
    }
    WebhookTarget out;
    std::string_view rest;
    if (StartsWithNoCase(url, "https://")) {
        out.tls = true;
        out.port = 443;
        rest = url.substr(8);
    } else if (StartsWithNoCase(url, "http://")) {
        rest = url.substr(7);
    } else {
        FailField("url", "must be an http:// or https:// URL");
    }
    if (rest.find('#') != std::string_view::npos)
        FailField("url", "must not contain a fragment (#)");

    const auto authority_end = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, authority_end);
    const std::string_view target =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (authority.find('@') != std::string_view::npos) {
        FailField("url", "must not contain user info; receivers authenticate by the signature");
    }

    std::string_view host;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) FailField("url", "has an unclosed IPv6 address");
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':') FailField("url", "has an invalid host");
        if (!after.empty()) port = after.substr(1);
        if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
            })) {
            FailField("url", "has an invalid IPv6 address");
        }
    } else {
        const auto colon = authority.find(':');
        host = authority.substr(0, colon);
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
        if (host.empty()) FailField("url", "has no host");
        if (!std::all_of(host.begin(), host.end(), IsHostNameChar) || host.front() == '.' ||
            host.front() == '-') {
            FailField("url", "has an invalid host '" + std::string(host) + "'");
        }
    }
    if (!port.empty() || authority.back() == ':') out.port = ParsePort(port);

    if (!std::all_of(target.begin(), target.end(), IsTargetChar)) {
        FailField("url", "contains characters that must be percent-encoded");
    }
    out.host = std::string(host);
    out.host_header =
        std::string(authority.substr(0, authority.size() - (port.empty() ? 0 : port.size() + 1)));
    const bool default_port = out.port == (out.tls ? 443 : 80);
    if (!default_port) out.host_header += ":" + std::to_string(out.port);
    if (target.empty()) {
        out.target = "/";
    } else if (target.front() == '?') {
        out.target = "/" + std::string(target);
    } else {
        out.target = std::string(target);
    }
    return out;
}

std::int64_t RetryDelayMs(int failed_attempts) {
    constexpr std::int64_t kFirst = 60'000;
    constexpr std::int64_t kCap = 8 * 3'600'000;
    std::int64_t delay = kFirst;
    for (int i = 1; i < failed_attempts && delay < kCap; ++i) delay *= 3;
    return std::min(delay, kCap);
}

}  // namespace ticketing::domain
