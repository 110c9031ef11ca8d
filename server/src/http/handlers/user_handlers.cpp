#include "http/handlers/routes.hpp"
#include "http/json/models.hpp"
#include "http/json/requests.hpp"

namespace ticketing::http {
namespace {

// The public user, plus the API key in the one response that reveals it.
std::string UserWithKey(const app::UserWithKey& result) {
    std::string out = json::One(result.user, json::WritePublicUser);
    if (result.api_key) {
        out.pop_back();
        json::Writer w(out);
        out += ',';
        w.Key("apiKey").String(*result.api_key);
        out += '}';
    }
    return out;
}

}  // namespace

void RegisterUserRoutes(Router& router, Services& s) {
    router.Add(Verb::get, "/api/users", [&s](RequestContext& ctx) {
        return Response::Json(json::Array(s.users.List(ctx.Caller()), json::WritePublicUser));
    });
    router.Add(Verb::post, "/api/users", [&s](RequestContext& ctx) {
        const auto command = json::ReadNewUser(ctx.request.body());
        return Response::Json(UserWithKey(s.users.Create(ctx.Caller(), command)), Status::created);
    }, {.run_on = RunOn::kHashing, .json_body = true});
    router.Add(Verb::patch, "/api/users/:id", [&s](RequestContext& ctx) {
        const auto patch = json::ReadUserPatch(ctx.request.body());
        return Response::Json(
            UserWithKey(s.users.Update(ctx.Caller(), domain::UserId{ctx.Param("id")}, patch)));
    }, {.run_on = RunOn::kHashing, .json_body = true});
    router.Add(Verb::delete_, "/api/users/:id", [&s](RequestContext& ctx) {
        s.users.Delete(ctx.Caller(), domain::UserId{ctx.Param("id")});
        return Response::NoContent();
    });
}

}  // namespace ticketing::http
