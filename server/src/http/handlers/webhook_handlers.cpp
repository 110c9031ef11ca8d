#include "http/handlers/routes.hpp"
#include "http/json/models.hpp"
#include "http/json/webhook_json.hpp"

namespace ticketing::http {

void RegisterWebhookRoutes(Router& router, Services& s) {
    router.Add(Verb::get, "/api/webhooks", [&s](RequestContext& ctx) {
        return Response::Json(json::Array(s.webhooks.List(ctx.Caller()), json::WriteWebhook));
    });
    router.Add(Verb::post, "/api/webhooks",
               [&s](RequestContext& ctx) {
                   const auto command = json::ReadNewWebhook(ctx.request.body());
                   const auto hook = s.webhooks.Create(ctx.Caller(), command);
                   Response r = Response::Json(json::WebhookWithSecret(hook), Status::created);
                   r.Header("Location", "/api/webhooks/" + hook.id);
                   return r;
               },
               {.json_body = true});
    router.Add(Verb::get, "/api/webhooks/:id", [&s](RequestContext& ctx) {
        return Response::Json(
            json::One(s.webhooks.Get(ctx.Caller(), ctx.Param("id")), json::WriteWebhook));
    });
    router.Add(Verb::patch, "/api/webhooks/:id",
               [&s](RequestContext& ctx) {
                   const auto patch = json::ReadWebhookPatch(ctx.request.body());
                   const auto hook = s.webhooks.Update(ctx.Caller(), ctx.Param("id"), patch);
                   return Response::Json(json::One(hook, json::WriteWebhook));
               },
               {.json_body = true});
    router.Add(Verb::delete_, "/api/webhooks/:id", [&s](RequestContext& ctx) {
        s.webhooks.Delete(ctx.Caller(), ctx.Param("id"));
        return Response::NoContent();
    });

    // Pings and redeliveries are queued (202): the delivery log shows how they went.
    router.Add(Verb::post, "/api/webhooks/:id/test", [&s](RequestContext& ctx) {
        const auto delivery = s.webhooks.Ping(ctx.Caller(), ctx.Param("id"));
        return Response::Json(json::One(delivery, json::WriteDelivery), Status::accepted);
    });
    router.Add(Verb::get, "/api/webhooks/:id/deliveries", [&s](RequestContext& ctx) {
        const auto query = json::ReadDeliveryQuery(ctx);
        return Response::Json(json::Array(
            s.webhooks.Deliveries(ctx.Caller(), ctx.Param("id"), query), json::WriteDelivery));
    });
    router.Add(Verb::post, "/api/webhooks/:id/deliveries/:deliveryId/redeliver",
               [&s](RequestContext& ctx) {
                   const auto delivery =
                       s.webhooks.Redeliver(ctx.Caller(), ctx.Param("id"), ctx.Param("deliveryId"));
                   return Response::Json(json::One(delivery, json::WriteDelivery),
                                         Status::accepted);
               });
}

}  // namespace ticketing::http
