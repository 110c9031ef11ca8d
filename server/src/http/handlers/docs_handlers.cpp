#include "http/handlers/routes.hpp"
#include "http/openapi.hpp"

namespace ticketing::http {
namespace {

std::string_view ContentTypeOf(std::string_view name) {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    return "application/octet-stream";
}

Response Asset(std::string_view name) {
    for (const auto& file : ApiReferenceFiles()) {
        if (file.name != name) continue;
        Response r = Response::Json(std::string(file.content));
        r.content_type = std::string(ContentTypeOf(name));
        r.Header("Cache-Control", "no-cache");
        return r;
    }
    return Response::Error(Status::not_found, "not_found", "Not found");
}

}  // namespace

// The API description and its reference page: public, static, answered on the I/O thread.
void RegisterDocsRoutes(Router& router, Services& /*services*/) {
    constexpr RouteOptions kPublic{.authenticate = false, .run_on = RunOn::kIoThread};
    router.Add(
        Verb::get, "/api/openapi.json",
        [](RequestContext&) { return Response::Json(std::string(OpenApiJson())); }, kPublic);
    router.Add(
        Verb::get, "/docs", [](RequestContext&) { return Asset("index.html"); }, kPublic);
    router.Add(
        Verb::get, "/docs/reference.js", [](RequestContext&) { return Asset("reference.js"); },
        kPublic);
    router.Add(
        Verb::get, "/docs/reference.css", [](RequestContext&) { return Asset("reference.css"); },
        kPublic);
}

}  // namespace ticketing::http
