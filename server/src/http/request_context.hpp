#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/actor.hpp"

namespace ticketing::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Params = std::vector<std::pair<std::string, std::string>>;

// Everything a handler may read about one request.
struct RequestContext {
    const Request& request;
    std::string request_id;
    std::string client_ip;
    std::string path;    // percent-decoded
    Params query;        // percent-decoded, in order
    Params route;        // :params of the matched route
    std::optional<domain::Actor> actor;
    // PostgreSQL, routes that read a version: the server's snapshot, taken after the request
    // arrived (store::SnapshotFeed, http/server.cpp); empty otherwise.
    std::optional<std::string> snapshot;

    [[nodiscard]] const std::string& Param(std::string_view name) const;
    // The query parameter, if given once; a repeated parameter is a 400 (?status=A&status=B
    // has no single meaning). An empty value counts as absent.
    [[nodiscard]] std::optional<std::string> Query(std::string_view name) const;
    [[nodiscard]] std::string_view Header(std::string_view name) const;
    // The authenticated caller; only for routes that require authentication.
    [[nodiscard]] const domain::Actor& Caller() const { return *actor; }
};

}  // namespace ticketing::http
