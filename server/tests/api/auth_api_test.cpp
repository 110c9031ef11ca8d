#include "api_fixture.hpp"
#include "store/database.hpp"
#include "store/shared_snapshot.hpp"
#include "store/snapshot_version.hpp"
#include "store/user_repository.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

class AuthApi : public ApiTest {};

TEST_F(AuthApi, LoginReturnsTokenAndPublicUser) {
    const auto res = http().Post("/api/auth/login", R"({"username":"admin","password":"admin-password-for-tests"})");
    ASSERT_EQ(res.status, 200) << res.body;
    const auto json = res.Json().as_object();
    EXPECT_FALSE(Str(json.at("token")).empty());
    const auto& user = json.at("user").as_object();
    EXPECT_EQ(Str(user.at("username")), "admin");
    EXPECT_EQ(Str(user.at("displayName")), "Admin");
    EXPECT_EQ(Str(user.at("role")), "ADMIN");
    EXPECT_TRUE(user.contains("id"));
    EXPECT_TRUE(user.contains("email"));
    EXPECT_EQ(user.size(), 5u) << "no hashes, keys or extra fields";
}

TEST_F(AuthApi, WrongPasswordAndUnknownUserGetTheSame401) {
    const auto wrong = http().Post("/api/auth/login", R"({"username":"admin","password":"nope-nope-nope"})");
    const auto unknown = http().Post("/api/auth/login", R"({"username":"nobody","password":"nope-nope-nope"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
    EXPECT_EQ(Str(wrong.Json().at("code")), "unauthenticated");
}

TEST_F(AuthApi, ServiceAccountsCannotLogInWithAPassword) {
    const auto res = http().Post("/api/auth/login", R"({"username":"goddard","password":"anything-at-all"})");
    EXPECT_EQ(res.status, 401);
}

TEST_F(AuthApi, MeWorksWithJwtAndWithApiKey) {
    auto res = http().Get("/api/auth/me", admin().auth);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(Str(res.Json().at("username")), "admin");
    res = http().Get("/api/auth/me", goddard().auth);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(Str(res.Json().at("username")), "goddard");
    EXPECT_EQ(Str(res.Json().at("role")), "SERVICE");
}

TEST_F(AuthApi, EveryApiRouteButLoginNeedsAuthentication) {
    for (const char* target : {"/api/auth/me", "/api/tickets", "/api/users", "/api/cti/categories"}) {
        const auto res = http().Get(target);
        EXPECT_EQ(res.status, 401) << target;
        EXPECT_EQ(Str(res.Json().at("code")), "unauthenticated") << target;
    }
}

TEST_F(AuthApi, BadCredentialsGetOneIdentical401) {
    const auto expected = http().Get("/api/tickets").body;
    for (const Headers& headers : std::vector<Headers>{
             {{"Authorization", "Bearer nonsense"}},
             {{"Authorization", "Bearer a.b.c"}},
             {{"Authorization", "Basic YWRtaW46YWRtaW4="}},
             {{"X-Api-Key", "sk_" + std::string(48, 'a')}},
             {{"X-Api-Key", "not-a-key"}}}) {
        const auto res = http().Get("/api/tickets", headers);
        EXPECT_EQ(res.status, 401) << headers[0].second;
        EXPECT_EQ(res.body, expected);
    }
    // A token in the query string is never read.
    EXPECT_EQ(http().Get("/api/tickets?token=" + admin().token).status, 401);
}

TEST_F(AuthApi, AJwtOfADeletedUserStopsWorkingAtOnce) {
    const auto agent = CreateAccount("AGENT");
    ASSERT_EQ(http().Get("/api/auth/me", agent.auth).status, 200);
    ASSERT_EQ(http().Delete("/api/users/" + agent.id, admin().auth).status, 204);
    EXPECT_EQ(http().Get("/api/auth/me", agent.auth).status, 401);
}

TEST_F(AuthApi, SessionsEndOnTheCachedDashboardToo) {
    // The dashboard reuses the caller's row while nothing commits (PostgreSQL, RecentUsers):
    // a logout, a role change and a deletion are commits, so the next request sees each.
    const std::string page = "/api/tickets?status=OPEN&limit=5";
    const auto logged_out = CreateAccount("AGENT");
    const auto demoted = CreateAccount("AGENT");
    const auto deleted = CreateAccount("AGENT");
    for (int i = 0; i < 3; ++i) {
        for (const auto* who : {&logged_out, &demoted, &deleted}) {
            ASSERT_EQ(http().Get(page, who->auth).status, 200);
        }
    }
    ASSERT_EQ(http().Post("/api/auth/logout", "", logged_out.auth).status, 204);
    EXPECT_EQ(http().Get(page, logged_out.auth).status, 401);
    EXPECT_EQ(http().Get(page, demoted.auth).status, 200) << "another user's logout ends nobody else's session";
    ASSERT_EQ(http().Patch("/api/users/" + demoted.id, R"({"role":"USER"})", admin().auth).status, 200);
    EXPECT_EQ(http().Get(page, demoted.auth).status, 401);
    ASSERT_EQ(http().Delete("/api/users/" + deleted.id, admin().auth).status, 204);
    EXPECT_EQ(http().Get(page, deleted.auth).status, 401);
    EXPECT_EQ(http().Get(page, admin().auth).status, 200);
}

TEST_F(AuthApi, LogoutEndsTheSession) {
    const auto agent = CreateAccount("AGENT");
    EXPECT_EQ(http().Post("/api/auth/logout", "", agent.auth).status, 204);
    EXPECT_EQ(http().Get("/api/auth/me", agent.auth).status, 401);
    EXPECT_EQ(http().Get("/api/auth/me", Bearer(Login(agent.username, agent.password))).status, 200);
}

TEST_F(AuthApi, PasswordChangeChecksTheCurrentOneAndEndsOldSessions) {
    const auto user = CreateAccount("USER");
    auto res = http().Post("/api/auth/password",
                           R"({"currentPassword":"wrong-wrong-wrong","newPassword":"a brand new password"})", user.auth);
    EXPECT_EQ(res.status, 400);
    res = http().Post("/api/auth/password",
                      bj::serialize(bj::object{{"currentPassword", user.password}, {"newPassword", "short"}}), user.auth);
    EXPECT_EQ(res.status, 400);
    res = http().Post("/api/auth/password",
                      bj::serialize(bj::object{{"currentPassword", user.password},
                                               {"newPassword", "a brand new password"}}),
                      user.auth);
    ASSERT_EQ(res.status, 200) << res.body;
    const std::string fresh = Str(res.Json().at("token"));
    EXPECT_EQ(http().Get("/api/auth/me", user.auth).status, 401);
    EXPECT_EQ(http().Get("/api/auth/me", Bearer(fresh)).status, 200);
    EXPECT_EQ(http().Post("/api/auth/login", bj::serialize(bj::object{{"username", user.username},
                                                                      {"password", "a brand new password"}}))
                  .status,
              200);
}

// A request that only reads authenticates and checks its cached page in one shared read. On
// PostgreSQL the authentication notes a snapshot (store::SharedSnapshot, as
// AuthService::AuthenticateBearer does), and the page check names the data by it instead of
// asking again. The version a request reads is therefore that of its start, even if a commit
// lands in between: an older name is safe, since a page is only reused while nothing at all
// commits. On SQLite the shared read is one transaction, with one snapshot, so the same holds.
TEST_F(AuthApi, TheVersionARequestReadsIsThatOfItsAuthentication) {
    store::Database& db = server().runtime().db();
    const domain::UserId admin_id{admin().id};
    store::SharedSnapshot snapshots;
    std::optional<store::SnapshotVersion> at_authentication;
    std::optional<store::SnapshotVersion> after_a_commit;
    db.ReadTogether([&] {
        const auto user = db.Read([&](store::Tx& tx) {
            if (tx.dialect() == store::Dialect::kPostgres) {
                auto snapshot = snapshots.Current(tx);
                EXPECT_TRUE(snapshot.has_value());
                if (snapshot) tx.NoteSnapshot(std::move(*snapshot));
            }
            return store::UserRepository(tx).FindById(admin_id);
        });
        ASSERT_TRUE(user.has_value());
        at_authentication = db.Read([](store::Tx& tx) { return store::ReadSnapshotVersion(tx); });
        // A write commits on another connection while the read is still going on.
        db.Write([](store::Tx& tx) {
            store::UserRepository users(tx);
            auto goddard = users.FindByUsername("goddard");
            ASSERT_TRUE(goddard.has_value());
            ++goddard->updated_at;
            ASSERT_TRUE(users.Update(*goddard));
        });
        after_a_commit = db.Read([](store::Tx& tx) { return store::ReadSnapshotVersion(tx); });
    });
    ASSERT_TRUE(at_authentication.has_value());
    ASSERT_TRUE(after_a_commit.has_value());
    EXPECT_EQ(after_a_commit->session, at_authentication->session);
    EXPECT_EQ(after_a_commit->data, at_authentication->data);
    // A read that starts after the commit sees it, and names it differently.
    const auto later = db.Read([](store::Tx& tx) { return store::ReadSnapshotVersion(tx); });
    ASSERT_TRUE(later.has_value());
    EXPECT_FALSE(later->session == at_authentication->session && later->data == at_authentication->data);
}

TEST_F(AuthApi, TenFailuresLockTheAccountButNotOthers) {
    const auto agent = CreateAccount("AGENT");
    const std::string wrong = bj::serialize(bj::object{{"username", agent.username}, {"password", "wrong-password"}});
    for (int i = 0; i < 10; ++i) EXPECT_EQ(http().Post("/api/auth/login", wrong).status, 401);
    const auto locked = http().Post("/api/auth/login", wrong);
    EXPECT_EQ(locked.status, 429);
    EXPECT_FALSE(locked.Header("Retry-After").empty());
    // Even the right password waits out the lock...
    EXPECT_EQ(http()
                  .Post("/api/auth/login",
                        bj::serialize(bj::object{{"username", agent.username}, {"password", agent.password}}))
                  .status,
              429);
    // ...while other accounts log in as usual.
    EXPECT_FALSE(Login("admin", kAdminPassword).empty());
}

TEST_F(AuthApi, LoginBodyMustBeJsonWithBothFields) {
    EXPECT_EQ(http().Post("/api/auth/login", R"({"username":"admin"})").status, 400);
    EXPECT_EQ(http().Post("/api/auth/login", R"({"username":"admin","password":5})").status, 400);
    EXPECT_EQ(http().Post("/api/auth/login", "{not json").status, 400);
    EXPECT_EQ(http().Request("POST", "/api/auth/login", R"({"username":"admin","password":"x"})",
                             {{"Content-Type", "text/plain"}}).status,
              415);
}

}  // namespace
}  // namespace ticketing::testing
