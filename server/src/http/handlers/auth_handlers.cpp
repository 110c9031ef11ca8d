#include "http/handlers/routes.hpp"
#include "http/json/models.hpp"
#include "http/json/requests.hpp"

namespace ticketing::http {
namespace {

std::string TokenAndUser(const std::string& token, const domain::User& user) {
    std::string out;
    json::Writer w(out);
    w.BeginObject().Key("token").String(token).Key("user");
    json::WritePublicUser(w, user);
    w.EndObject();
    return out;
}

}  // namespace

void RegisterAuthRoutes(Router& router, Services& s) {
    // Password hashing runs on its own small pool: a login flood cannot starve the API.
    router.Add(Verb::post, "/api/auth/login", [&s](RequestContext& ctx) {
        const auto login = json::ReadLogin(ctx.request.body());
        const auto result = s.auth.Login(login.username, login.password);
        return Response::Json(TokenAndUser(result.token, result.user));
    }, {.authenticate = false, .run_on = RunOn::kHashing, .json_body = true});

    router.Add(Verb::get, "/api/auth/me", [&s](RequestContext& ctx) {
        return Response::Json(json::One(s.auth.Me(ctx.Caller()), json::WritePublicUser));
    }, {.run_on = RunOn::kShortRead});

    router.Add(Verb::post, "/api/auth/logout", [&s](RequestContext& ctx) {
        s.auth.Logout(ctx.Caller());
        return Response::NoContent();
    });

    router.Add(Verb::post, "/api/auth/password", [&s](RequestContext& ctx) {
        const auto change = json::ReadPasswordChange(ctx.request.body());
        const std::string token = s.auth.ChangePassword(ctx.Caller(), change.current, change.next);
        return Response::Json(TokenAndUser(token, s.auth.Me(ctx.Caller())));
    }, {.run_on = RunOn::kHashing, .json_body = true});
}

}  // namespace ticketing::http
