#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "http/request_context.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "http/static_files.hpp"

namespace ticketing::http {

struct PipelineOptions {
    std::string client_url;  // the one allowed CORS origin ("" = none)
    // While false, /readyz and /api/* answer 503 (the database was not reachable at start-up and
    // is not migrated yet); nullptr = always ready.
    const std::atomic<bool>* database_ready = nullptr;
};

// A request after routing, before its handler ran: decided on the I/O thread.
struct Prepared {
    std::unique_ptr<RequestContext> context;
    const Route* route = nullptr;
    std::optional<Response> early;  // answered without a handler (404, 405, 415, preflight, files)
    RunOn run_on = RunOn::kIoThread;
};

// The middleware chain around every request: request id, routing, content-type check,
// authentication into an Actor, the handler, error mapping, and the headers every response
// carries (security headers, CORS, request id).
class Pipeline {
public:
    Pipeline(Router& router, Services& services, const StaticFiles* static_files,
             PipelineOptions options);

    // On the I/O thread: cheap decisions only.
    [[nodiscard]] Prepared Prepare(const Request& request, const std::string& client_ip,
                                   std::string request_id) const;
    // Where the route says (usually the worker pool): authentication and the handler.
    [[nodiscard]] Response Execute(Prepared& prepared) const;
    // Execute on a thread that must not wait (an I/O thread): nullopt when the request would
    // have waited, and must then be executed again on the workers.
    [[nodiscard]] std::optional<Response> ExecuteWithoutWaiting(Prepared& prepared) const;
    // Headers for every response, including framing errors answered before routing.
    void Finish(Response& response, const Request* request, const std::string& request_id) const;

private:
    [[nodiscard]] std::optional<Response> Preflight(const Request& request,
                                                    const RouteMatch& match) const;
    // `note_snapshot`: RouteOptions::reads_version.
    void Authenticate(RequestContext& context, bool note_snapshot) const;

    Router& router_;
    Services& services_;
    const StaticFiles* static_files_;
    PipelineOptions options_;
};

// A new request id: 16 hex characters, or the caller's X-Request-Id when it is sane.
[[nodiscard]] std::string MakeRequestId(std::string_view incoming);

}  // namespace ticketing::http
