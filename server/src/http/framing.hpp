#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/response.hpp"

namespace ticketing::http {

// Strict HTTP/1.1 request framing, checked on the raw header bytes before Beast parses them.
// Beast 1.81 accepts and normalises several request-smuggling vectors (obs-fold, "TE: gzip"
// with Content-Length, tab before "chunked", leading zeros in Content-Length), so we refuse
// them here instead.
struct HeaderScan {
    enum class State { kNeedMore, kComplete, kRejected };
    State state = State::kNeedMore;
    std::size_t header_end = 0;  // kComplete: bytes up to and including the blank line
    Status status = Status::bad_request;  // kRejected
    std::string reason;                   // kRejected
};

// Scans `data` (the bytes received so far) for a complete, well-formed request head of at most
// `limit` bytes. Rejections: 400 for malformed framing (bare LF, control bytes, obs-fold,
// TE+CL, TE other than "chunked", repeated or malformed Content-Length, HTTP/0.9), 505 for an
// HTTP version other than 1.0/1.1, 414 for a request line over the limit, 431 for headers.
[[nodiscard]] HeaderScan ScanHeader(std::string_view data, std::size_t limit);

}  // namespace ticketing::http
