#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api_fixture.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"
#include "openapi_contract.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

const OpenApiContract& Contract() { return OpenApiContract::Served(); }

HttpResponse JsonResponse(int status, std::string body) {
    return {status, {{"Content-Type", "application/json; charset=utf-8"}}, std::move(body)};
}

// ":id" → "{id}", as OpenAPI writes path parameters.
std::string OpenApiPath(const std::string& pattern) {
    return std::regex_replace(pattern, std::regex(":([A-Za-z]+)"), "{$1}");
}

using OpenApiDocs = ApiTest;

TEST_F(OpenApiDocs, TheDescriptionIsServedAsJsonWithAReadableReferencePage) {
    const auto res = http().Get("/api/openapi.json");
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.Header("Content-Type"), "application/json; charset=utf-8");
    const auto spec = res.Json();
    EXPECT_EQ(Str(spec.at("openapi")).rfind("3.1", 0), 0u);
    EXPECT_EQ(spec, Contract().spec());

    const auto page = http().Get("/docs");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("/api/openapi.json"), std::string::npos);
    EXPECT_NE(page.body.find("<script src=\"/docs/reference.js\""), std::string::npos)
        << "no inline script: the CSP allows scripts from our own origin only";
    const auto script = http().Get("/docs/reference.js");
    ASSERT_EQ(script.status, 200);
    EXPECT_EQ(script.Header("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_NE(script.body.find("fetch('/api/openapi.json')"), std::string::npos);
    EXPECT_EQ(http().Get("/docs/reference.css").status, 200);
}

// The router and the description list the same operations, in both directions.
TEST_F(OpenApiDocs, EveryRouteIsDescribedAndEveryDescribedOperationIsARoute) {
    std::set<std::string> routes;
    for (const auto& route : server().runtime().router().routes()) {
        std::string method(boost::beast::http::to_string(route.method));
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        routes.insert(method + " " + OpenApiPath(route.pattern));
    }
    std::set<std::string> described;
    for (const auto& [path, item] : Contract().spec().at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            if (method == "parameters" || method == "summary" || method == "description") continue;
            described.insert(std::string(method) + " " + std::string(path));
            EXPECT_TRUE(operation.as_object().contains("responses")) << method << " " << path;
        }
    }
    for (const auto& route : routes)
        EXPECT_TRUE(described.count(route)) << "not in docs/openapi.yaml: " << route;
    for (const auto& op : described)
        EXPECT_TRUE(routes.count(op)) << "described but not served: " << op;
}

// Every $ref points somewhere, every operation has an id and a tag: the reference page and
// generated clients need both.
TEST_F(OpenApiDocs, TheDescriptionIsWellFormed) {
    const std::string text = bj::serialize(Contract().spec());
    const std::regex ref(R"re("\$ref":"#/([^"]+)")re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), ref);
         it != std::sregex_iterator(); ++it) {
        const bj::value* at = &Contract().spec();
        std::stringstream parts((*it)[1].str());
        for (std::string part; std::getline(parts, part, '/');) {
            at = at->is_object() ? at->as_object().if_contains(part) : nullptr;
            if (at == nullptr) break;
        }
        EXPECT_NE(at, nullptr) << "dangling $ref #/" << (*it)[1].str();
    }
    std::set<std::string> ids;
    for (const auto& [path, item] : Contract().spec().at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            if (!operation.is_object() || !operation.as_object().contains("responses")) continue;
            const auto& op = operation.as_object();
            ASSERT_TRUE(op.contains("operationId")) << method << " " << path;
            EXPECT_TRUE(ids.insert(Str(op.at("operationId"))).second)
                << "duplicate " << Str(op.at("operationId"));
            EXPECT_TRUE(op.contains("tags")) << method << " " << path;
            EXPECT_TRUE(op.contains("summary")) << method << " " << path;
        }
    }
}

// The contract check has teeth: drift in a body, a status or a path is reported.
TEST(OpenApiContract, ReportsBodiesStatusesAndPathsTheDescriptionDoesNotAllow) {
    const auto& c = Contract();
    const std::string error = R"({"error":"Not found","code":"not_found"})";
    EXPECT_TRUE(c.Check("GET", "/api/tickets/abc", JsonResponse(404, error)).empty());
    EXPECT_FALSE(c.Check("GET", "/api/tickets/abc", JsonResponse(418, error)).empty())
        << "undocumented status";
    EXPECT_FALSE(c.Check("GET", "/api/tickets/abc", JsonResponse(500, error)).empty())
        << "a 500 is never documented";
    EXPECT_FALSE(c.Check("GET", "/api/tickets/abc", JsonResponse(404, R"({"error":"x"})")).empty())
        << "missing required member";
    EXPECT_FALSE(
        c.Check("GET", "/api/tickets/abc", JsonResponse(404, R"({"error":1,"code":"x"})")).empty())
        << "wrong type";
    EXPECT_FALSE(c.Check("GET", "/api/auth/me",
                         JsonResponse(200, R"({"id":"u","username":"a","displayName":"A",
        "email":"a@b.c","role":"ADMIN","passwordHash":"x"})"))
                     .empty())
        << "undocumented member of a closed shape";
    EXPECT_FALSE(c.Check("GET", "/api/auth/me",
                         JsonResponse(200, R"({"id":"u","username":"a","displayName":"A",
        "email":"a@b.c","role":"ROOT"})"))
                     .empty())
        << "enum";
    EXPECT_TRUE(c.Check("GET", "/api/auth/me",
                        JsonResponse(200, R"({"id":"u","username":"a","displayName":"A",
        "email":"a@b.c","role":"ADMIN"})"))
                    .empty());
    EXPECT_FALSE(c.Check("GET", "/api/no-such-thing", JsonResponse(200, "{}")).empty())
        << "undocumented path";
    EXPECT_TRUE(c.Check("GET", "/api/no-such-thing", JsonResponse(404, error)).empty());
    EXPECT_FALSE(c.Check("PUT", "/api/tickets", JsonResponse(200, "[]")).empty())
        << "undocumented method";
    EXPECT_FALSE(
        c.Check("GET", "/api/auth/me", HttpResponse{200, {{"Content-Type", "text/plain"}}, "hi"})
            .empty())
        << "undocumented media type";
    EXPECT_FALSE(c.Check("DELETE", "/api/tickets/x", JsonResponse(204, "{}")).empty())
        << "a body where none is";
}

TEST(OpenApiContract, ValidatesTheJsonSchemaSubsetItDocuments) {
    const OpenApiContract c(bj::parse(R"({"openapi":"3.1.0","paths":{},"components":{"schemas":{
        "Thing":{"type":"object","required":["id","tags"],"additionalProperties":false,
                 "properties":{"id":{"type":"string","minLength":2},"tags":{"type":"array","minItems":1,
                 "items":{"enum":["a","b"]}},"at":{"type":["string","null"],"format":"date-time"},
                 "n":{"type":"integer","minimum":1,"maximum":5}}}}}})"));
    const bj::value schema = bj::parse(R"({"$ref":"#/components/schemas/Thing"})");
    EXPECT_TRUE(
        c.Validate(schema, bj::parse(R"({"id":"xy","tags":["a"],"at":null,"n":3})"), "v").empty());
    EXPECT_TRUE(c.Validate(schema,
                           bj::parse(R"({"id":"xy","tags":["b"],"at":"2026-03-30T10:00:00.000Z"})"),
                           "v")
                    .empty());
    for (const char* bad :
         {R"({"tags":["a"]})", R"({"id":"x","tags":["a"]})", R"({"id":"xy","tags":[]})",
          R"({"id":"xy","tags":["c"]})", R"({"id":"xy","tags":["a"],"extra":1})",
          R"({"id":"xy","tags":["a"],"at":"yesterday"})", R"({"id":"xy","tags":["a"],"n":6})",
          R"({"id":"xy","tags":["a"],"n":2.5})", R"({"id":3,"tags":["a"]})", R"([])"}) {
        EXPECT_FALSE(c.Validate(schema, bj::parse(bad), "v").empty()) << bad;
    }
}

}  // namespace
}  // namespace ticketing::testing
