// FZ: request bodies → commands (http/json/input.cpp, requests.cpp). A body may be refused only
// with domain::Error(kInvalidInput) (a 400); any other exception would be a 500.
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(ticketing::fuzz::AsText(data, size));

    // Whatever ParseBody accepts survives a round trip unchanged.
    try {
        const auto value = json::ParseBody(body);
        const auto again = json::ParseBody(boost::json::serialize(value));
        Require(again == value, "ParseBody(serialize(v)) != v");
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
