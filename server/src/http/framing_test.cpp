#include "http/framing.hpp"

#include <gtest/gtest.h>

namespace ticketing::http {
namespace {

using State = HeaderScan::State;

HeaderScan Scan(std::string_view data) { return ScanHeader(data, 8192); }

TEST(Framing, AcceptsAPlainRequestAndReportsWhereTheHeadEnds) {
    const std::string head = "GET /api/tickets HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
    const auto scan = Scan(head + "BODY");
    ASSERT_EQ(scan.state, State::kComplete);
    EXPECT_EQ(scan.header_end, head.size());
}

TEST(Framing, WaitsForMoreBytesWhileTheHeadIsIncomplete) {
    EXPECT_EQ(Scan("GET / HTTP/1.1\r\nHost: x\r\n").state, State::kNeedMore);
    EXPECT_EQ(Scan("GET / HT").state, State::kNeedMore);
}

struct Case {
    const char* name;
    std::string data;
    Status status;
};

class Rejected : public ::testing::TestWithParam<Case> {};

TEST_P(Rejected, WithTheRightStatus) {
    const auto scan = Scan(GetParam().data);
    EXPECT_EQ(scan.state, State::kRejected) << GetParam().name;
    EXPECT_EQ(scan.status, GetParam().status) << GetParam().name << ": " << scan.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Smuggling, Rejected,
    ::testing::Values(
        Case{"TeAndCl", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", Status::bad_request},
        Case{"ClAndTe", "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", Status::bad_request},
        Case{"TeGzip", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", Status::bad_request},
        Case{"TeGzipThenCl", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\n", Status::bad_request},
        Case{"TeChunkedTwice", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", Status::bad_request},
        Case{"TeTwoFields", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", Status::bad_request},
        Case{"TeTab", "POST / HTTP/1.1\r\nTransfer-Encoding:\tchunked\r\n\r\n", Status::bad_request},
        Case{"TwoCl", "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", Status::bad_request},
        Case{"ClPlus", "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", Status::bad_request},
        Case{"ClLeadingZero", "POST / HTTP/1.1\r\nContent-Length: 05\r\n\r\n", Status::bad_request},
        Case{"ClNegative", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", Status::bad_request},
        Case{"ClHuge", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", Status::bad_request},
        Case{"ObsFold", "GET / HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n", Status::bad_request},
        Case{"BareLf", "GET / HTTP/1.1\nHost: x\n\n", Status::bad_request},
        Case{"BareLfInHeaders", "GET / HTTP/1.1\r\nHost: x\n\r\n", Status::bad_request},
        Case{"NulInHeader", std::string("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 29), Status::bad_request},
        Case{"EscInHeader", "GET / HTTP/1.1\r\nX-A: a\x1b[31m\r\n\r\n", Status::bad_request},
        Case{"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", Status::bad_request},
        Case{"Http09", "GET /\r\n\r\n", Status::bad_request},
        Case{"BadMethod", "G(T / HTTP/1.1\r\n\r\n", Status::bad_request},
        Case{"Http2", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Status::http_version_not_supported},
        Case{"Http30", "GET / HTTP/3.0\r\n\r\n", Status::http_version_not_supported}),
    [](const ::testing::TestParamInfo<Case>& test) { return std::string(test.param.name); });

TEST(Framing, LongRequestLineIs414AndLongHeadersAre431) {
    EXPECT_EQ(Scan("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n").status, Status::uri_too_long);
    EXPECT_EQ(Scan("GET /" + std::string(9000, 'a')).status, Status::uri_too_long);
    EXPECT_EQ(Scan("GET / HTTP/1.1\r\nX-A: " + std::string(9000, 'a') + "\r\n\r\n").status,
              Status::request_header_fields_too_large);
}

}  // namespace
}  // namespace ticketing::http
