#include "http/framing.hpp"

#include <cctype>

namespace ticketing::http {
namespace {

using State = HeaderScan::State;

bool IsTchar(char c) {
    static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || kExtra.find(c) != std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

HeaderScan Reject(Status status, std::string reason) {
    HeaderScan scan;
    scan.state = State::kRejected;
    scan.status = status;
    scan.reason = std::move(reason);
    return scan;
}

// "METHOD SP request-target SP HTTP/1.x"
HeaderScan CheckRequestLine(std::string_view line) {
    const auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0) return Reject(Status::bad_request, "malformed request line");
    for (std::size_t i = 0; i < sp1; ++i) {
        if (!IsTchar(line[i])) return Reject(Status::bad_request, "malformed method");
    }
    const auto sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) {
        return Reject(Status::bad_request, "missing HTTP version (HTTP/0.9 is not supported)");
    }
    if (sp2 == sp1 + 1) return Reject(Status::bad_request, "empty request target");
    for (std::size_t i = sp1 + 1; i < sp2; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c <= 0x20 || c == 0x7F) return Reject(Status::bad_request, "malformed request target");
    }
    const std::string_view version = line.substr(sp2 + 1);
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
        std::isdigit(static_cast<unsigned char>(version[5])) == 0 ||
        std::isdigit(static_cast<unsigned char>(version[7])) == 0) {
        return Reject(Status::bad_request, "malformed HTTP version");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return Reject(Status::http_version_not_supported, "only HTTP/1.0 and HTTP/1.1 are supported");
    }
    return {};
}

}  // namespace

HeaderScan ScanHeader(std::string_view data, std::size_t limit) {
    // Any bare LF, NUL or other control byte in what we have so far is fatal at once, so a
    // client speaking LF-only framing is refused instead of waiting out the timeout.
    for (std::size_t i = 0; i < data.size() && i < limit + 2; ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c == '\n') {
            if (i == 0 || data[i - 1] != '\r') return Reject(Status::bad_request, "bare LF in request head");
        } else if (c == '\r') {
            if (i + 1 < data.size() && data[i + 1] != '\n') {
                return Reject(Status::bad_request, "bare CR in request head");
            }
        } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
            return Reject(Status::bad_request, "control character in request head");
        }
        if (i >= 3 && data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
            break;
        }
    }

    const auto line_end = data.find("\r\n");
    if (line_end == std::string_view::npos) {
        if (data.size() > limit) return Reject(Status::uri_too_long, "request line too long");
        return {};
    }
    if (line_end > limit) return Reject(Status::uri_too_long, "request line too long");
    if (auto bad = CheckRequestLine(data.substr(0, line_end)); bad.state == State::kRejected) return bad;

    int content_lengths = 0;
    bool transfer_encoding = false;
    std::size_t pos = line_end + 2;
    for (;;) {
        const auto end = data.find("\r\n", pos);
        if (end == std::string_view::npos) {
            if (data.size() > limit) return Reject(Status::request_header_fields_too_large, "headers too large");
            return {};
        }
        if (end + 2 > limit) return Reject(Status::request_header_fields_too_large, "headers too large");
        const std::string_view line = data.substr(pos, end - pos);
        if (line.empty()) {
            if (transfer_encoding && content_lengths > 0) {
                return Reject(Status::bad_request, "both Transfer-Encoding and Content-Length");
            }
            HeaderScan done;
            done.state = State::kComplete;
            done.header_end = end + 2;
            return done;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            return Reject(Status::bad_request, "obsolete line folding in headers");
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return Reject(Status::bad_request, "malformed header line");
        const std::string_view name = line.substr(0, colon);
        for (const char c : name) {
            if (!IsTchar(c)) return Reject(Status::bad_request, "malformed header name");
        }
        std::string_view value = line.substr(colon + 1);
        const bool framing_field = EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding");
        // Framing fields get no latitude: only plain spaces around the value.
        if (framing_field && value.find('\t') != std::string_view::npos) {
            return Reject(Status::bad_request, "tab in a framing header");
        }
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        if (EqualsIgnoreCase(name, "content-length")) {
            ++content_lengths;
            if (content_lengths > 1) return Reject(Status::bad_request, "repeated Content-Length");
            if (value.empty() || value.size() > 19) return Reject(Status::bad_request, "malformed Content-Length");
            for (const char c : value) {
                if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
                    return Reject(Status::bad_request, "malformed Content-Length");
                }
            }
            if (value.size() > 1 && value.front() == '0') return Reject(Status::bad_request, "malformed Content-Length");
        } else if (EqualsIgnoreCase(name, "transfer-encoding")) {
            if (transfer_encoding || !EqualsIgnoreCase(value, "chunked")) {
                return Reject(Status::bad_request, "unsupported Transfer-Encoding (only a single chunked)");
            }
            transfer_encoding = true;
        }
        pos = end + 2;
    }
}

}  // namespace ticketing::http
