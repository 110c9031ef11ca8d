#include "http/handlers/routes.hpp"
#include "http/json/models.hpp"
#include "http/json/requests.hpp"

namespace ticketing::http {

void RegisterCtiRoutes(Router& router, Services& s) {
    router.Add(Verb::get, "/api/cti/categories", [&s](RequestContext& ctx) {
        return Response::Json(json::Array(s.cti.Categories(ctx.Caller()), json::WriteCategory));
    });
    router.Add(Verb::get, "/api/cti/types", [&s](RequestContext& ctx) {
        const auto category = ctx.Query("categoryId");
        const auto types = s.cti.Types(
            ctx.Caller(), category ? std::optional(domain::CategoryId{*category}) : std::nullopt);
        return Response::Json(json::Array(types, json::WriteType));
    });
    router.Add(Verb::get, "/api/cti/items", [&s](RequestContext& ctx) {
        const auto type = ctx.Query("typeId");
        const auto items =
            s.cti.Items(ctx.Caller(), type ? std::optional(domain::TypeId{*type}) : std::nullopt);
        return Response::Json(json::Array(items, json::WriteItem));
    });
    router.Add(Verb::get, "/api/cti/tree", [&s](RequestContext& ctx) {
        return Response::Json(json::One(s.cti.Tree(ctx.Caller()), json::WriteCtiTree));
    });

    router.Add(Verb::post, "/api/cti/categories", [&s](RequestContext& ctx) {
        const auto node = json::ReadNamedNode(ctx.request.body(), "");
        return Response::Json(json::One(s.cti.CreateCategory(ctx.Caller(), node.name), json::WriteCategory),
                              Status::created);
    }, {.json_body = true});
    router.Add(Verb::post, "/api/cti/types", [&s](RequestContext& ctx) {
        const auto node = json::ReadNamedNode(ctx.request.body(), "categoryId");
        const auto type = s.cti.CreateType(ctx.Caller(), node.name, domain::CategoryId{node.parent_id});
        return Response::Json(json::One(type, json::WriteType), Status::created);
    }, {.json_body = true});
    router.Add(Verb::post, "/api/cti/items", [&s](RequestContext& ctx) {
        const auto node = json::ReadNamedNode(ctx.request.body(), "typeId");
        const auto item = s.cti.CreateItem(ctx.Caller(), node.name, domain::TypeId{node.parent_id});
        return Response::Json(json::One(item, json::WriteItem), Status::created);
    }, {.json_body = true});

    router.Add(Verb::put, "/api/cti/categories/:id", [&s](RequestContext& ctx) {
        const auto node = json::ReadNamedNode(ctx.request.body(), "");
        const auto category = s.cti.RenameCategory(ctx.Caller(), domain::CategoryId{ctx.Param("id")}, node.name);
        return Response::Json(json::One(category, json::WriteCategory));
    }, {.json_body = true});
    router.Add(Verb::put, "/api/cti/types/:id", [&s](RequestContext& ctx) {
        const auto node = json::ReadNamedNode(ctx.request.body(), "");
        const auto type = s.cti.RenameType(ctx.Caller(), domain::TypeId{ctx.Param("id")}, node.name);
        return Response::Json(json::One(type, json::WriteType));
    }, {.json_body = true});
    router.Add(Verb::put, "/api/cti/items/:id", [&s](RequestContext& ctx) {
        const auto node = json::ReadNamedNode(ctx.request.body(), "");
        const auto item = s.cti.RenameItem(ctx.Caller(), domain::ItemId{ctx.Param("id")}, node.name);
        return Response::Json(json::One(item, json::WriteItem));
    }, {.json_body = true});

    router.Add(Verb::delete_, "/api/cti/categories/:id", [&s](RequestContext& ctx) {
        s.cti.DeleteCategory(ctx.Caller(), domain::CategoryId{ctx.Param("id")});
        return Response::NoContent();
    });
    router.Add(Verb::delete_, "/api/cti/types/:id", [&s](RequestContext& ctx) {
        s.cti.DeleteType(ctx.Caller(), domain::TypeId{ctx.Param("id")});
        return Response::NoContent();
    });
    router.Add(Verb::delete_, "/api/cti/items/:id", [&s](RequestContext& ctx) {
        s.cti.DeleteItem(ctx.Caller(), domain::ItemId{ctx.Param("id")});
        return Response::NoContent();
    });
}

}  // namespace ticketing::http
