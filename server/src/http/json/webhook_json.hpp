#pragma once

#include <string>

#include "app/webhook_service.hpp"
#include "http/json/writer.hpp"
#include "http/request_context.hpp"

namespace ticketing::http::json {

// {id, url, description, events, categoryId, maxSeverity, active, createdAt, updatedAt}: never the
// secret, except in the one response that creates the webhook (WebhookWithSecret).
void WriteWebhook(Writer& w, const app::Webhook& hook);
[[nodiscard]] std::string WebhookWithSecret(const app::Webhook& hook);
void WriteDelivery(Writer& w, const app::WebhookDelivery& delivery);

[[nodiscard]] app::NewWebhook ReadNewWebhook(const std::string& body);
[[nodiscard]] app::WebhookPatch ReadWebhookPatch(const std::string& body);
// ?status=PENDING|DELIVERED|FAILED&limit=1-200
[[nodiscard]] app::DeliveryQuery ReadDeliveryQuery(const RequestContext& ctx);

}  // namespace ticketing::http::json
