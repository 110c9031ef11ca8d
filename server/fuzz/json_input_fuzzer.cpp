// FZ: request bodies → commands (http/json/input.cpp, requests.cpp). A body may be refused only
// with domain::Error(kInvalidInput) (a 400); any other exception would be a 500.
#include <algorithm>
#include <cmath>
#include <limits>
#include <boost/json/serialize.hpp>

#include "domain/errors.hpp"
#include "fuzz_support.hpp"
#include "http/json/input.hpp"
#include "http/json/requests.hpp"

namespace {

using ticketing::fuzz::Require;
namespace json = ticketing::http::json;
namespace domain = ticketing::domain;

template <class F>
void OnlyInvalidInput(F&& read) {
    try {
        (void)read();
    } catch (const domain::Error& e) {
        Require(e.code() == domain::Errc::kInvalidInput,
                "a body refused with something other than a 400");
    }
}

// Equal, except that doubles may differ in the last bit: Boost.JSON 1.81 rounds some long
// decimal exponents wrongly on parse ("61e64" reads as 6.1000000000000006e65), so a double's
// shortest serialisation can read back one ulp away. No field of ours takes such numbers.
bool SameUpToRounding(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_double() && b.is_double()) {
        const double x = a.get_double();
        const double y = b.get_double();
        return x == y || std::fabs(x - y) <= 4 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(x), std::fabs(y));
    }
    if (a.is_array() && b.is_array()) {
        const auto& x = a.get_array();
        const auto& y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!SameUpToRounding(x[i], y[i])) return false;
        }
        return true;
    }
    if (a.is_object() && b.is_object()) {
        const auto& x = a.get_object();
        const auto& y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& [key, value] : x) {
            const auto* other = y.if_contains(key);
            if (other == nullptr || !SameUpToRounding(value, *other)) return false;
        }
        return true;
    }
    return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(ticketing::fuzz::AsText(data, size));

    // Whatever ParseBody accepts survives a round trip unchanged.
    try {
        const auto value = json::ParseBody(body);
        const auto again = json::ParseBody(boost::json::serialize(value));
        Require(SameUpToRounding(again, value), "ParseBody(serialize(v)) != v");
    } catch (const domain::Error& e) {
        Require(e.code() == domain::Errc::kInvalidInput,
                "ParseBody refused with something other than a 400");
    }

    OnlyInvalidInput([&] { return json::ReadLogin(body); });
    OnlyInvalidInput([&] { return json::ReadPasswordChange(body); });
    OnlyInvalidInput([&] { return json::ReadNewTicket(body); });
    OnlyInvalidInput([&] { return json::ReadTicketPatch(body); });
    OnlyInvalidInput([&] { return json::ReadCommentBody(body); });
    OnlyInvalidInput([&] { return json::ReadNamedNode(body, ""); });
    OnlyInvalidInput([&] { return json::ReadNamedNode(body, "categoryId"); });
    OnlyInvalidInput([&] { return json::ReadNamedNode(body, "typeId"); });
    OnlyInvalidInput([&] { return json::ReadNewUser(body); });
    OnlyInvalidInput([&] { return json::ReadUserPatch(body); });
    OnlyInvalidInput([&] { return json::DecodeCursor(body); });
    return 0;
}
