#include "http/pipeline.hpp"

#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "domain/errors.hpp"
#include "http/error_mapping.hpp"
#include "platform/logging.hpp"
#include "platform/random.hpp"
#include "store/no_wait.hpp"

namespace ticketing::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kAllowedMethods = "GET, POST, PUT, PATCH, DELETE";
constexpr std::string_view kAllowedHeaders =
    "Authorization, X-Api-Key, Content-Type, If-Match, Idempotency-Key, Last-Event-ID";
constexpr std::string_view kExposedHeaders =
    "X-Total-Count, X-Next-Cursor, ETag, X-Request-Id, Retry-After, Location";
// Fit for the SPA: everything from our own origin, inline styles (React sets style
// attributes), images from data: URLs; no plugins, no <base>, no framing.
constexpr std::string_view kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

bool IsApiPath(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

std::string AllowHeader(std::vector<Verb> allowed) {
    std::string out;
    const bool has_get = std::find(allowed.begin(), allowed.end(), Verb::get) != allowed.end();
    if (has_get) allowed.push_back(Verb::head);
    allowed.push_back(Verb::options);
    for (const Verb v : allowed) {
        if (!out.empty()) out += ", ";
        out += std::string(bh::to_string(v));
    }
    return out;
}

bool IsJsonContentType(std::string_view value) {
    const auto semi = value.find(';');
    std::string_view media = value.substr(0, semi);
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    if (media.size() != 16) return false;
    for (std::size_t i = 0; i < media.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(media[i])) != "application/json"[i]) return false;
    }
    return true;
}

Response NotFound() { return Response::Error(Status::not_found, "not_found", "Not found"); }

}  // namespace

std::string MakeRequestId(std::string_view incoming) {
    if (!incoming.empty() && incoming.size() <= 64) {
        bool sane = true;
        for (const char c : incoming) {
            sane = sane && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
                            c == '_' || c == '.');
        }
        if (sane) return std::string(incoming);
    }
    return platform::BufferedRandomHex(8);
}

Pipeline::Pipeline(Router& router, Services& services, const StaticFiles* static_files,
                   PipelineOptions options)
    : router_(router), services_(services), static_files_(static_files), options_(std::move(options)) {}

Prepared Pipeline::Prepare(const Request& request, const std::string& client_ip,
                           std::string request_id) const {
    Prepared out;
    out.context = std::unique_ptr<RequestContext>(
        new RequestContext{request, std::move(request_id), client_ip, {}, {}, {}, {}, {}});
    RequestContext& ctx = *out.context;

    const auto target = request.target();
    const auto url = boost::urls::parse_origin_form(std::string_view(target.data(), target.size()));
    if (!url) {
        out.early = Response::Error(Status::bad_request, "bad_request", "Malformed request target");
        return out;
    }
    ctx.path = "/";
    bool first = true;
    for (const auto segment : url->segments()) {
        if (!first) ctx.path += '/';
        ctx.path += segment;
        first = false;
    }
    for (const auto param : url->params()) ctx.query.emplace_back(param.key, param.value);

    const Verb method = request.method();
    if (method == Verb::trace || method == Verb::connect) {
        out.early = Response::Error(Status::method_not_allowed, "method_not_allowed",
                                    "Method not allowed");
        out.early->Header("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        return out;
    }

    RouteMatch match = router_.Find(method, ctx.path);
    if (method == Verb::options) {
        out.early = Preflight(request, match);
        return out;
    }
    if (options_.database_ready != nullptr && !options_.database_ready->load() &&
        (ctx.path == "/readyz" || IsApiPath(ctx.path))) {
        // Before the schema exists every handler would fail; one clear answer instead.
        out.early = ErrorResponse(
            domain::Error(domain::Errc::kUnavailable, "The database is not available yet; retry shortly")
                .WithRetryAfter(1));
        return out;
    }
    if (match.route == nullptr) {
        const bool api = IsApiPath(ctx.path);
        if (!api && static_files_ != nullptr && (method == Verb::get || method == Verb::head)) {
            if (auto file = static_files_->Serve(ctx.path, request)) {
                out.early = std::move(*file);
                return out;
            }
        }
        if (match.allowed.empty()) {
            out.early = NotFound();
        } else {
            out.early = Response::Error(Status::method_not_allowed, "method_not_allowed",
                                        "Method " + std::string(bh::to_string(method)) +
                                            " is not allowed on " + ctx.path);
            out.early->Header("Allow", AllowHeader(match.allowed));
        }
        return out;
    }

    if (match.route->options.json_body && !IsJsonContentType(ctx.Header("Content-Type"))) {
        out.early = Response::Error(Status::unsupported_media_type, "unsupported_media_type",
                                    "Send the body as JSON with Content-Type: application/json");
        return out;
    }
    out.route = match.route;
    ctx.route = std::move(match.params);
    out.run_on = match.route->options.run_on;
    return out;
}

std::optional<Response> Pipeline::Preflight(const Request& request, const RouteMatch& match) const {
    if (match.route == nullptr && match.allowed.empty()) return NotFound();
    Response response = Response::NoContent();
    std::vector<Verb> allowed = match.allowed;
    if (match.route != nullptr) allowed.push_back(match.route->method);
    response.Header("Allow", AllowHeader(allowed));
    const auto origin = request.find(bh::field::origin);
    if (!options_.client_url.empty() && origin != request.end() &&
        origin->value() == options_.client_url) {
        response.Header("Access-Control-Allow-Methods", std::string(kAllowedMethods));
        response.Header("Access-Control-Allow-Headers", std::string(kAllowedHeaders));
        response.Header("Access-Control-Max-Age", "600");
    }
    return response;
}

void Pipeline::Authenticate(RequestContext& ctx, bool note_snapshot) const {
    const std::string_view key = ctx.Header("X-Api-Key");
    if (!key.empty()) {
        ctx.actor = services_.auth.AuthenticateApiKey(key);
        return;
    }
    const std::string_view authorization = ctx.Header("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer) {
        ctx.actor = services_.auth.AuthenticateBearer(authorization.substr(kBearer.size()),
                                                      note_snapshot, ctx.snapshot);
        return;
    }
    throw domain::Error(domain::Errc::kUnauthenticated, "Authentication required");
}

Response Pipeline::Execute(Prepared& prepared) const {
    RequestContext& ctx = *prepared.context;
    try {
        const auto run = [&] {
            const RouteOptions& options = prepared.route->options;
            if (options.authenticate) Authenticate(ctx, options.reads_version);
            return prepared.route->handler(ctx);
        };
        // A short read reads the caller and its data in one transaction (store/database.hpp).
        if (prepared.run_on == RunOn::kShortRead) return services_.db.ReadTogether(run);
        return run();
    } catch (const domain::Error& e) {
        if (e.code() == domain::Errc::kUnauthenticated || e.code() == domain::Errc::kForbidden) {
            spdlog::info("security: {} {} {} -> {} ({}) request_id={} ip={} user={}",
                         std::string(bh::to_string(ctx.request.method())),
                         platform::EscapeForLog(ctx.path), e.code() == domain::Errc::kForbidden ? 403 : 401,
                         platform::EscapeForLog(e.what()), "denied", ctx.request_id, ctx.client_ip,
                         ctx.actor ? platform::EscapeForLog(ctx.actor->username) : "-");
        }
        return ErrorResponse(e);
    } catch (const std::exception& e) {
        spdlog::error("request {} {} {} failed: {}", ctx.request_id,
                      std::string(bh::to_string(ctx.request.method())),
                      platform::EscapeForLog(ctx.path), platform::EscapeForLog(e.what()));
        return InternalErrorResponse(ctx.request_id);
    }
}

std::optional<Response> Pipeline::ExecuteWithoutWaiting(Prepared& prepared) const {
    const store::NoWaitScope no_wait;
    try {
        return Execute(prepared);
    } catch (const store::WouldBlock&) {
        return std::nullopt;
    }
}

void Pipeline::Finish(Response& response, const Request* request,
                      const std::string& request_id) const {
    response.Header("X-Request-Id", request_id);
    response.Header("X-Content-Type-Options", "nosniff");
    response.Header("Referrer-Policy", "no-referrer");
    response.Header("Content-Security-Policy", std::string(kCsp));
    response.Header("X-Frame-Options", "DENY");
    if (request == nullptr) {
        response.Header("Cache-Control", "no-store");
        return;
    }
    const auto target = request->target();
    const bool api = IsApiPath(std::string_view(target.data(), target.size()).substr(
        0, std::string_view(target.data(), target.size()).find('?')));
    if (api) {
        bool has_cache_control = false;
        for (const auto& [name, value] : response.headers) {
            has_cache_control = has_cache_control || name == "Cache-Control";
        }
        if (!has_cache_control) response.Header("Cache-Control", "no-store");
    }
    const auto origin = request->find(bh::field::origin);
    if (origin != request->end()) {
        response.Header("Vary", "Origin");
        if (!options_.client_url.empty() && origin->value() == options_.client_url) {
            response.Header("Access-Control-Allow-Origin", options_.client_url);
            response.Header("Access-Control-Expose-Headers", std::string(kExposedHeaders));
        }
    }
}

}  // namespace ticketing::http
