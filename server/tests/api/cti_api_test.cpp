#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

class CtiApi : public ApiTest {};

TEST_F(CtiApi, EveryRoleReadsTheHierarchy) {
    const auto user = CreateAccount("USER");
    for (const Headers& who : {admin().auth, user.auth, goddard().auth}) {
        const auto categories = http().Get("/api/cti/categories", who);
        ASSERT_EQ(categories.status, 200);
        EXPECT_EQ(categories.Json().as_array().size(), 2u);
        const auto types = http().Get("/api/cti/types?categoryId=" + SeedRoute().category, who).Json();
        EXPECT_EQ(types.as_array().size(), 3u);
        const auto items = http().Get("/api/cti/items?typeId=" + SeedRoute().type, who).Json();
        ASSERT_EQ(items.as_array().size(), 3u);
        EXPECT_EQ(Str(items.as_array()[0].at("typeId")), SeedRoute().type);
    }
    EXPECT_EQ(http().Get("/api/cti/types", admin().auth).Json().as_array().size(), 5u);
    EXPECT_EQ(http().Get("/api/cti/items", admin().auth).Json().as_array().size(), 14u);
}

TEST_F(CtiApi, TheTreeHoldsTheWholeHierarchyInOneCall) {
    const auto tree = http().Get("/api/cti/tree", goddard().auth).Json().as_array();
    ASSERT_EQ(tree.size(), 2u);
    std::size_t items = 0;
    for (const auto& category : tree) {
        for (const auto& type : category.at("types").as_array()) items += type.at("items").as_array().size();
    }
    EXPECT_EQ(items, 14u);
}

TEST_F(CtiApi, OnlyAdminsWrite) {
    const auto agent = CreateAccount("AGENT");
    for (const Headers& who : {agent.auth, goddard().auth}) {
        EXPECT_EQ(http().Post("/api/cti/categories", R"({"name":"X"})", who).status, 403);
        EXPECT_EQ(http().Put("/api/cti/categories/" + SeedRoute().category, R"({"name":"X"})", who).status, 403);
        EXPECT_EQ(http().Delete("/api/cti/items/" + SeedRoute().item, who).status, 403);
        EXPECT_EQ(http().Post("/api/cti/types", bj::serialize(bj::object{{"name", "T"}, {"categoryId", SeedRoute().category}}), who).status, 403);
    }
    EXPECT_EQ(http().Get("/api/cti/categories", admin().auth).Json().as_array().size(), 2u);
}

TEST_F(CtiApi, CreateRenameAndUniqueNames) {
    const Route route = CreateRoute("Network", "Wifi", "Access point");
    EXPECT_EQ(http().Post("/api/cti/categories", R"({"name":"Network"})", admin().auth).status, 409);
    EXPECT_EQ(http().Post("/api/cti/types", bj::serialize(bj::object{{"name", "Wifi"}, {"categoryId", route.category}}), admin().auth).status, 409);
    // The same type name under another category is fine.
    EXPECT_EQ(http().Post("/api/cti/types", bj::serialize(bj::object{{"name", "Wifi"}, {"categoryId", SeedRoute().category}}), admin().auth).status, 201);
    const auto renamed = http().Put("/api/cti/items/" + route.item, R"({"name":"AP"})", admin().auth);
    ASSERT_EQ(renamed.status, 200);
    EXPECT_EQ(Str(renamed.Json().at("name")), "AP");
    EXPECT_EQ(http().Put("/api/cti/categories/" + route.category, R"({"name":"General"})", admin().auth).status, 409);
    EXPECT_EQ(http().Put("/api/cti/categories/nope", R"({"name":"Z"})", admin().auth).status, 404);
    EXPECT_EQ(http().Post("/api/cti/types", R"({"name":"T","categoryId":"nope"})", admin().auth).status, 400);
    EXPECT_EQ(http().Post("/api/cti/items", R"({"name":"I","typeId":"nope"})", admin().auth).status, 400);
    EXPECT_EQ(http().Post("/api/cti/categories", R"({"name":""})", admin().auth).status, 400);
    EXPECT_EQ(http().Post("/api/cti/categories", R"({})", admin().auth).status, 400);
}

TEST_F(CtiApi, RenamesShowInTicketsAndAuditKeepsTheOldPath) {
    const Route route = CreateRoute("Old", "Type", "Item");
    const auto t = CreateTicket(admin().auth, {{"categoryId", route.category}, {"typeId", route.type}, {"itemId", route.item}});
    ASSERT_EQ(http().Put("/api/cti/categories/" + route.category, R"({"name":"Renamed"})", admin().auth).status, 200);
    EXPECT_EQ(Str(http().Get("/api/tickets/" + Str(t.at("id")), admin().auth).Json().at("category").at("name")), "Renamed");
}

TEST_F(CtiApi, DeletingACategoryCascadesToItsTypesAndItems) {
    const Route route = CreateRoute("Temporary", "T1", "I1");
    ASSERT_EQ(http().Post("/api/cti/items", bj::serialize(bj::object{{"name", "I2"}, {"typeId", route.type}}), admin().auth).status, 201);
    EXPECT_EQ(http().Delete("/api/cti/categories/" + route.category, admin().auth).status, 204);
    EXPECT_TRUE(http().Get("/api/cti/types?categoryId=" + route.category, admin().auth).Json().as_array().empty());
    EXPECT_TRUE(http().Get("/api/cti/items?typeId=" + route.type, admin().auth).Json().as_array().empty());
    EXPECT_EQ(http().Delete("/api/cti/categories/" + route.category, admin().auth).status, 404);
}

TEST_F(CtiApi, NodesStillUsedByTicketsAreNeverDeleted) {
    const Route route = CreateRoute("Busy", "BusyType", "BusyItem");
    const std::string id = Str(CreateTicket(admin().auth, {{"categoryId", route.category}, {"typeId", route.type}, {"itemId", route.item}}).at("id"));
    for (const std::string& target : {"/api/cti/categories/" + route.category, "/api/cti/types/" + route.type,
                                      "/api/cti/items/" + route.item}) {
        const auto res = http().Delete(target, admin().auth);
        EXPECT_EQ(res.status, 409) << target;
        EXPECT_NE(Str(res.Json().at("error")).find("still used by 1 ticket"), std::string::npos) << res.body;
    }
    EXPECT_EQ(http().Get("/api/tickets/" + id, admin().auth).status, 200);
    // Once the ticket is rerouted, the node can go.
    ASSERT_EQ(http().Patch("/api/tickets/" + id,
                           bj::serialize(bj::object{{"categoryId", SeedRoute().category}, {"typeId", SeedRoute().type}, {"itemId", SeedRoute().item}}),
                           admin().auth).status, 200);
    EXPECT_EQ(http().Delete("/api/cti/categories/" + route.category, admin().auth).status, 204);
}

}  // namespace
}  // namespace ticketing::testing
