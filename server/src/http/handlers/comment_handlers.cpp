#include "http/handlers/routes.hpp"
#include "http/idempotency.hpp"
#include "http/json/models.hpp"
#include "http/json/requests.hpp"

namespace ticketing::http {

void RegisterCommentRoutes(Router& router, Services& s) {
    router.Add(Verb::post, "/api/tickets/:id/comments", [&s](RequestContext& ctx) {
        const auto body = json::ReadCommentBody(ctx.request.body());
        return Idempotent(ctx, s, [&] {
            const auto comment = s.comments.Add(ctx.Caller(), ctx.Param("id"), body);
            return Response::Json(json::One(comment, json::WriteComment), Status::created);
        });
    }, {.json_body = true});

    router.Add(Verb::delete_, "/api/tickets/:id/comments/:commentId", [&s](RequestContext& ctx) {
        s.comments.Delete(ctx.Caller(), ctx.Param("id"), ctx.Param("commentId"));
        return Response::NoContent();
    });
}

}  // namespace ticketing::http
