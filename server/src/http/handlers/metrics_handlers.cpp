#include "http/handlers/routes.hpp"

namespace ticketing::http {

void RegisterMetricsRoutes(Router& router, Services& s) {
    // Prometheus scrapes without credentials, as scrapers do; keep /metrics off the public
    // side of the reverse proxy (deploy/nginx.conf refuses it). Runs on a worker: the ticket
    // counts are read from the database.
    router.Add(Verb::get, "/metrics", [&s](RequestContext&) {
        Response r;
        r.body = s.metrics.Render();
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.Header("Cache-Control", "no-store");
        return r;
    }, {.authenticate = false});
}

}  // namespace ticketing::http
