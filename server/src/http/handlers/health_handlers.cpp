#include <spdlog/spdlog.h>

#include "domain/errors.hpp"
#include "http/handlers/routes.hpp"
#include "store/migrator.hpp"

namespace ticketing::http {

void RegisterHealthRoutes(Router& router, Services& s) {
    // The process is up and serving HTTP; says nothing about the database.
    router.Add(Verb::get, "/healthz", [](RequestContext&) {
        return Response::Json(R"({"status":"ok"})");
    }, {.authenticate = false, .run_on = RunOn::kIoThread});

    // Ready for traffic: the database answers and its schema is the one this binary expects.
    router.Add(Verb::get, "/readyz", [&s](RequestContext&) {
        try {
            s.db.Ping();
            const auto state = store::Migrator(s.db).State();
            if (state.current < state.latest) {
                return Response::Error(Status::service_unavailable, "unavailable",
                                       "Database schema is at version " + std::to_string(state.current) +
                                           ", this server needs " + std::to_string(state.latest));
            }
            return Response::Json(R"({"status":"ready"})");
        } catch (const std::exception& e) {
            spdlog::warn("readiness check failed: {}", e.what());
            return Response::Error(Status::service_unavailable, "unavailable", "Database unavailable");
        }
    }, {.authenticate = false});
}

}  // namespace ticketing::http
