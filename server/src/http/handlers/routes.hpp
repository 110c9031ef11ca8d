#pragma once

#include "http/router.hpp"
#include "http/services.hpp"

namespace ticketing::http {

// Each resource registers its routes; RegisterApiRoutes registers them all.
void RegisterAuthRoutes(Router& router, Services& services);
void RegisterTicketRoutes(Router& router, Services& services);
void RegisterCommentRoutes(Router& router, Services& services);
void RegisterCtiRoutes(Router& router, Services& services);
void RegisterUserRoutes(Router& router, Services& services);
void RegisterHealthRoutes(Router& router, Services& services);
void RegisterWebhookRoutes(Router& router, Services& services);
void RegisterDocsRoutes(Router& router, Services& services);
void RegisterEventRoutes(Router& router, Services& services);
void RegisterMetricsRoutes(Router& router, Services& services);

inline void RegisterApiRoutes(Router& router, Services& services) {
    RegisterHealthRoutes(router, services);
    RegisterAuthRoutes(router, services);
    RegisterTicketRoutes(router, services);
    RegisterCommentRoutes(router, services);
    RegisterCtiRoutes(router, services);
    RegisterUserRoutes(router, services);
    RegisterWebhookRoutes(router, services);
    RegisterDocsRoutes(router, services);
    RegisterEventRoutes(router, services);
    RegisterMetricsRoutes(router, services);
}

}  // namespace ticketing::http
