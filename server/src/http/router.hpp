#pragma once

#include <boost/beast/http/verb.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_context.hpp"
#include "http/response.hpp"

namespace ticketing::http {

using Verb = boost::beast::http::verb;
using Handler = std::function<Response(RequestContext&)>;

// Where a handler runs: on the I/O thread (no blocking work at all), on the worker pool
// (database work), or on the small pool reserved for password hashing, so a login flood
// cannot occupy the workers the rest of the API needs. kShortRead is a read that is short when
// the database is a local file (an indexed look-up, a cached page): on SQLite it runs on the I/O
// thread that received it and moves to the workers the moment it would wait
// (store/no_wait.hpp); elsewhere it runs on the workers.
enum class RunOn { kIoThread, kShortRead, kWorkers, kHashing };

struct RouteOptions {
    bool authenticate = true;
    RunOn run_on = RunOn::kWorkers;
    bool json_body = false;  // requires Content-Type: application/json
    // The handler names its data by a snapshot version (a cached page or list): on PostgreSQL
    // the caller's lookup then returns its snapshot too, which saves the handler a round trip
    // (store/snapshot_version.hpp). Off elsewhere, where the snapshot would be computed, sent
    // and parsed for nothing.
    bool reads_version = false;
};

struct Route {
    Verb method;
    std::string pattern;
    std::vector<std::string> segments;  // ":name" segments capture
    Handler handler;
    RouteOptions options;
};

struct RouteMatch {
    const Route* route = nullptr;
    Params params;
    // When no route matched: the methods the path does accept (empty → 404, else 405).
    std::vector<Verb> allowed;
};

class Router {
public:
    void Add(Verb method, std::string_view pattern, Handler handler, RouteOptions options = {});
    // HEAD matches GET routes.
    [[nodiscard]] RouteMatch Find(Verb method, std::string_view path) const;
    [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

}  // namespace ticketing::http
