#include "http/router.hpp"

#include <algorithm>

namespace ticketing::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start < path.size()) {
        if (path[start] == '/') {
            ++start;
            continue;
        }
        const auto end = path.find('/', start);
        const auto stop = end == std::string_view::npos ? path.size() : end;
        parts.push_back(path.substr(start, stop - start));
        start = stop;
    }
    return parts;
}

bool Matches(const Route& route, const std::vector<std::string_view>& parts, Params* params) {
    if (route.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string& seg = route.segments[i];
        if (!seg.empty() && seg[0] == ':') {
            if (parts[i].empty()) return false;
            if (params != nullptr) params->emplace_back(seg.substr(1), std::string(parts[i]));
        } else if (seg != parts[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

void Router::Add(Verb method, std::string_view pattern, Handler handler, RouteOptions options) {
    Route route{method, std::string(pattern), {}, std::move(handler), options};
    for (const auto part : Split(pattern)) route.segments.emplace_back(part);
    routes_.push_back(std::move(route));
}

RouteMatch Router::Find(Verb method, std::string_view path) const {
    const Verb wanted = method == Verb::head ? Verb::get : method;
    const auto parts = Split(path);
    RouteMatch match;
    // Literal segments win over captures: /api/cti/tree before /api/cti/:something.
    const Route* best = nullptr;
    int best_literals = -1;
    for (const Route& route : routes_) {
        if (!Matches(route, parts, nullptr)) continue;
        if (route.method != wanted) {
            if (std::find(match.allowed.begin(), match.allowed.end(), route.method) ==
                match.allowed.end()) {
                match.allowed.push_back(route.method);
            }
            continue;
        }
        const int literals = static_cast<int>(std::count_if(
            route.segments.begin(), route.segments.end(),
            [](const std::string& s) { return s.empty() || s[0] != ':'; }));
        if (literals > best_literals) {
            best = &route;
            best_literals = literals;
        }
    }
    if (best != nullptr) {
        match.route = best;
        Matches(*best, parts, &match.params);
        match.allowed.clear();
    }
    return match;
}

}  // namespace ticketing::http
