#include "http/request_context.hpp"

#include "domain/errors.hpp"

namespace ticketing::http {

const std::string& RequestContext::Param(std::string_view name) const {
    for (const auto& [key, value] : route) {
        if (key == name) return value;
    }
    static const std::string kEmpty;
    return kEmpty;
}

std::optional<std::string> RequestContext::Query(std::string_view name) const {
    std::optional<std::string> found;
    for (const auto& [key, value] : query) {
        if (key != name) continue;
        if (found) {
            domain::FailField(std::string(name), "must be given at most once");
        }
        found = value;
    }
    if (found && found->empty()) return std::nullopt;
    return found;
}

std::string_view RequestContext::Header(std::string_view name) const {
    const auto it = request.find(boost::beast::string_view(name.data(), name.size()));
    if (it == request.end()) return {};
    return {it->value().data(), it->value().size()};
}

}  // namespace ticketing::http
