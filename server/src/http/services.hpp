#pragma once

#include "app/auth_service.hpp"
#include "app/comment_service.hpp"
#include "app/cti_service.hpp"
#include "app/event_feed.hpp"
#include "app/idempotency_service.hpp"
#include "app/ticket_service.hpp"
#include "app/user_service.hpp"
#include "app/webhook_service.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"

#include "http/metrics.hpp"

namespace ticketing::http {

// The use cases the handlers call, wired once in main.
struct Services {
    app::AuthService& auth;
    app::TicketService& tickets;
    app::CommentService& comments;
    app::CtiService& cti;
    app::UserService& users;
    app::IdempotencyService& idempotency;
    store::Database& db;
    app::WebhookService& webhooks;
    app::EventFeed& events;
    Metrics& metrics;
};

}  // namespace ticketing::http
