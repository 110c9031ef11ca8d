// FZ: the strict request-head check (http/framing.cpp) and Beast's parser behind it.
#include <boost/beast/http/field.hpp>

#include "fuzz_support.hpp"
#include "http/framing.hpp"

namespace {

using ticketing::fuzz::Require;
using ticketing::http::HeaderScan;
using ticketing::http::ScanHeader;
using ticketing::http::Status;

void CheckScan(std::string_view raw, std::size_t limit) {
    const HeaderScan full = ScanHeader(raw, limit);
    if (full.state == HeaderScan::State::kComplete) {
        Require(full.header_end >= 4 && full.header_end <= raw.size(),
                "header_end outside the data");
        Require(raw.substr(full.header_end - 4, 4) == "\r\n\r\n",
                "a complete head not ending in CRLF CRLF");
        Require(full.header_end <= limit, "a complete head longer than the limit");
    }
    if (full.state == HeaderScan::State::kRejected) {
        Require(full.status == Status::bad_request || full.status == Status::uri_too_long ||
                    full.status == Status::request_header_fields_too_large ||
                    full.status == Status::http_version_not_supported,
                "a rejection with an unexpected status");
        Require(!full.reason.empty(), "a rejection without a reason");
    }
    // The session scans again after every read, so the verdict must not depend on how the
    // bytes were split into reads: a refused prefix means a refused whole, a complete prefix
    // the same head.
    for (const std::size_t cut :
         {raw.size() / 3, raw.size() / 2, raw.size() - (raw.empty() ? 0 : 1)}) {
        const HeaderScan part = ScanHeader(raw.substr(0, cut), limit);
        if (part.state == HeaderScan::State::kRejected) {
            Require(full.state == HeaderScan::State::kRejected,
                    "a prefix is refused but the whole is not");
        }
        if (part.state == HeaderScan::State::kComplete) {
            Require(
                full.state == HeaderScan::State::kComplete && full.header_end == part.header_end,
                "a prefix is complete but the whole differs");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw = ticketing::fuzz::AsText(data, size);
    CheckScan(raw, 8192);
    CheckScan(raw, 64);  // small enough that the 414 and 431 paths are reachable

    // What passes the check reaches Beast with unambiguous framing.
    if (const auto request = ticketing::fuzz::ParseLikeTheServer(raw)) {
        namespace bh = boost::beast::http;
        Require(request->count(bh::field::content_length) <= 1,
                "two Content-Length fields got through");
        Require(!(request->chunked() && request->has_content_length()),
                "chunked with a Content-Length got through");
        Require(request->count(bh::field::transfer_encoding) <= 1,
                "two Transfer-Encoding fields got through");
    }
    return 0;
}
