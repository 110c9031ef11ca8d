#include <regex>

#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

class UsersApi : public ApiTest {};

TEST_F(UsersApi, EveryRoleListsUsersWithoutSecrets) {
    const auto user = CreateAccount("USER");
    CreateAccount("SERVICE");
    const auto res = http().Get("/api/users", user.auth);
    ASSERT_EQ(res.status, 200);
    const std::regex secret("password|hash|apikey|secret", std::regex::icase);
    EXPECT_FALSE(std::regex_search(res.body, secret)) << res.body;
    const auto users = res.Json().as_array();
    EXPECT_EQ(users.size(), 4u);  // admin, goddard, the two new ones; never the built-in system account
    for (const auto& u : users) {
        EXPECT_EQ(u.as_object().size(), 5u);
        EXPECT_NE(Str(u.at("username")), "system");
    }
}

TEST_F(UsersApi, AdminsCreateAccountsOfEveryRole) {
    for (const char* role : {"ADMIN", "AGENT", "USER"}) {
        const auto account = CreateAccount(role);
        const auto me = http().Get("/api/auth/me", account.auth).Json();
        EXPECT_EQ(Str(me.at("role")), role);
    }
    const auto defaulted = http().Post("/api/users",
                                       R"({"username":"plain","email":"plain@example.com","displayName":"Plain","password":"long enough pw"})",
                                       admin().auth);
    ASSERT_EQ(defaulted.status, 201) << defaulted.body;
    EXPECT_EQ(Str(defaulted.Json().at("role")), "USER");
}

TEST_F(UsersApi, ServiceAccountsGetAKeyOnceAndRegeneratingItKillsTheOld) {
    const auto res = http().Post("/api/users",
                                 R"({"username":"robot","email":"robot@example.com","displayName":"Robot","role":"SERVICE"})",
                                 admin().auth);
    ASSERT_EQ(res.status, 201) << res.body;
    const std::string key = Str(res.Json().at("apiKey"));
    const std::string id = Str(res.Json().at("id"));
    EXPECT_EQ(key.rfind("sk_", 0), 0u);
    EXPECT_EQ(http().Get("/api/auth/me", ApiKey(key)).status, 200);
    EXPECT_EQ(http().Get("/api/users", admin().auth).body.find(key), std::string::npos);

    const auto regen = http().Patch("/api/users/" + id, R"({"regenerateApiKey":true})", admin().auth);
    ASSERT_EQ(regen.status, 200);
    const std::string fresh = Str(regen.Json().at("apiKey"));
    EXPECT_NE(fresh, key);
    EXPECT_EQ(http().Get("/api/auth/me", ApiKey(key)).status, 401);
    EXPECT_EQ(http().Get("/api/auth/me", ApiKey(fresh)).status, 200);
    EXPECT_FALSE(http().Patch("/api/users/" + id, R"({"displayName":"R2"})", admin().auth).Json().as_object().contains("apiKey"));
}

TEST_F(UsersApi, ServiceAccountsHaveNoPasswordAndOthersNeedOne) {
    EXPECT_EQ(http().Post("/api/users", R"({"username":"s2","email":"s2@x.io","displayName":"S","role":"SERVICE","password":"long enough pw"})",
                          admin().auth).status, 400);
    EXPECT_EQ(http().Post("/api/users", R"({"username":"a2","email":"a2@x.io","displayName":"A","role":"AGENT"})",
                          admin().auth).status, 400);
    EXPECT_EQ(http().Post("/api/users", R"({"username":"a3","email":"a3@x.io","displayName":"A","role":"AGENT","password":"short"})",
                          admin().auth).status, 400);
    const auto agent = CreateAccount("AGENT");
    EXPECT_EQ(http().Patch("/api/users/" + agent.id, R"({"regenerateApiKey":true})", admin().auth).status, 400);
}

TEST_F(UsersApi, UsernamesAndEmailsAreUnique) {
    CreateAccount("AGENT", "taken");
    EXPECT_EQ(http().Post("/api/users", R"({"username":"taken","email":"new@x.io","displayName":"T","password":"long enough pw"})",
                          admin().auth).status, 409);
    EXPECT_EQ(http().Post("/api/users", R"({"username":"fresh","email":"TAKEN@example.com","displayName":"T","password":"long enough pw"})",
                          admin().auth).status, 409);
    EXPECT_EQ(http().Post("/api/users", R"({"username":"bad name","email":"b@x.io","displayName":"T","password":"long enough pw"})",
                          admin().auth).status, 400);
    EXPECT_EQ(http().Post("/api/users", R"({"username":"u9","email":"b@x.io","displayName":"T","password":"long enough pw","role":"ROOT"})",
                          admin().auth).status, 400);
}

TEST_F(UsersApi, OnlyAdminsManageUsers) {
    const auto agent = CreateAccount("AGENT");
    const auto user = CreateAccount("USER");
    for (const Headers& who : {agent.auth, user.auth, goddard().auth}) {
        EXPECT_EQ(http().Post("/api/users", R"({"username":"z","email":"z@x.io","displayName":"Z","password":"long enough pw"})", who).status, 403);
        EXPECT_EQ(http().Patch("/api/users/" + user.id, R"({"role":"ADMIN"})", who).status, 403);
        EXPECT_EQ(http().Delete("/api/users/" + agent.id, who).status, 403);
    }
    EXPECT_EQ(Str(http().Get("/api/auth/me", user.auth).Json().at("role")), "USER");
}

TEST_F(UsersApi, AnAdminCannotDeleteOrDemoteThemself) {
    const auto res = http().Delete("/api/users/" + admin().id, admin().auth);
    EXPECT_EQ(res.status, 400);
    EXPECT_NE(Str(res.Json().at("error")).find("own account"), std::string::npos);
    EXPECT_EQ(http().Patch("/api/users/" + admin().id, R"({"role":"USER"})", admin().auth).status, 400);
    EXPECT_EQ(http().Get("/api/auth/me", admin().auth).status, 200);
    EXPECT_EQ(http().Delete("/api/users/nobody", admin().auth).status, 404);
    EXPECT_EQ(http().Patch("/api/users/nobody", R"({"displayName":"x"})", admin().auth).status, 404);
}

TEST_F(UsersApi, RoleAndPasswordChangesTakeEffectAtOnce) {
    auto agent = CreateAccount("AGENT");
    ASSERT_EQ(http().Patch("/api/users/" + agent.id, R"({"role":"USER"})", admin().auth).status, 200);
    EXPECT_EQ(http().Get("/api/auth/me", agent.auth).status, 401);  // the old token is dead
    const std::string token = Login(agent.username, agent.password);
    EXPECT_EQ(http().Post("/api/tickets", R"({"title":"x","severity":3,"categoryId":"a","typeId":"b","itemId":"c"})", Bearer(token)).status, 403);

    ASSERT_EQ(http().Patch("/api/users/" + agent.id, R"({"password":"a completely new one"})", admin().auth).status, 200);
    EXPECT_EQ(http().Get("/api/auth/me", Bearer(token)).status, 401);
    EXPECT_EQ(http().Post("/api/auth/login", bj::serialize(bj::object{{"username", agent.username}, {"password", agent.password}})).status, 401);
    EXPECT_FALSE(Login(agent.username, "a completely new one").empty());
}

TEST_F(UsersApi, ProfileEditsKeepSessions) {
    const auto agent = CreateAccount("AGENT");
    const auto res = http().Patch("/api/users/" + agent.id, R"({"displayName":"New Name","email":"new@example.com"})", admin().auth);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(Str(res.Json().at("displayName")), "New Name");
    EXPECT_EQ(Str(http().Get("/api/auth/me", agent.auth).Json().at("email")), "new@example.com");
}

TEST_F(UsersApi, DeletingAUserKeepsTheirHistoryAttributedAndFreesTheirWork) {
    const auto agent = CreateAccount("AGENT", "leaver");
    const std::string created = Str(CreateTicket(agent.auth, {{"assigneeId", agent.id}}).at("id"));
    ASSERT_EQ(http().Post("/api/tickets/" + created + "/comments", R"({"body":"bye"})", agent.auth).status, 201);
    ASSERT_EQ(http().Delete("/api/users/" + agent.id, admin().auth).status, 204);

    const auto ticket = http().Get("/api/tickets/" + created, admin().auth).Json();
    EXPECT_EQ(Str(ticket.at("createdBy").at("username")), "leaver");
    EXPECT_EQ(Str(ticket.at("comments").as_array()[0].at("author").at("username")), "leaver");
    EXPECT_TRUE(ticket.at("assignee").is_null());
    const auto audit = http().Get("/api/tickets/" + created + "/audit", admin().auth).Json().as_array();
    EXPECT_EQ(Str(audit[0].at("action")), "ASSIGNEE_CHANGED");
    EXPECT_EQ(Str(audit[0].at("detail")), "Display leaver → Unassigned");
    EXPECT_EQ(Str(audit.back().at("user").at("username")), "leaver");
    // Gone from the assignee list, and the name is free again.
    EXPECT_EQ(http().Get("/api/users", admin().auth).body.find("leaver"), std::string::npos);
    CreateAccount("AGENT", "leaver");
}

}  // namespace
}  // namespace ticketing::testing
