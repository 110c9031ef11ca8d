#include "api_fixture.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

class CommentsApi : public ApiTest {};

TEST_F(CommentsApi, EveryRoleMayCommentAndTheAuditKeepsTheBody) {
    const auto agent = CreateAccount("AGENT");
    const auto user = CreateAccount("USER");
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    int n = 0;
    for (const Headers& who : {admin().auth, agent.auth, user.auth, goddard().auth}) {
        const std::string body = "comment **" + std::to_string(++n) + "**";
        const auto res = http().Post("/api/tickets/" + id + "/comments", bj::serialize(bj::object{{"body", body}}), who);
        ASSERT_EQ(res.status, 201) << res.body;
        const auto c = res.Json();
        EXPECT_EQ(Str(c.at("body")), body);
        EXPECT_EQ(Str(c.at("ticketId")), id);
        EXPECT_TRUE(c.at("author").as_object().contains("displayName"));
    }
    const auto audit = http().Get("/api/tickets/" + id + "/audit", admin().auth).Json().as_array();
    ASSERT_EQ(audit.size(), 5u);
    EXPECT_EQ(Str(audit[0].at("action")), "COMMENT_ADDED");
    EXPECT_EQ(Str(audit[0].at("detail")), "comment **4**");
    EXPECT_EQ(Str(audit[0].at("user").at("username")), "goddard");
    EXPECT_EQ(http().Get("/api/tickets/" + id, admin().auth).Json().at("_count").at("comments").as_int64(), 4);
}

TEST_F(CommentsApi, AuthorsDeleteTheirOwnAdminsAnyOthersNone) {
    const auto author = CreateAccount("USER");
    const auto other = CreateAccount("AGENT");
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    const auto post = [&](const Headers& who) {
        return Str(http().Post("/api/tickets/" + id + "/comments", R"({"body":"mine"})", who).Json().at("id"));
    };
    const std::string first = post(author.auth);
    const std::string second = post(author.auth);
    const auto denied = http().Delete("/api/tickets/" + id + "/comments/" + first, other.auth);
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(Str(denied.Json().at("error")), "You can only delete your own comments");
    EXPECT_EQ(http().Delete("/api/tickets/" + id + "/comments/" + first, goddard().auth).status, 403);
    EXPECT_EQ(http().Delete("/api/tickets/" + id + "/comments/" + first, author.auth).status, 204);
    EXPECT_EQ(http().Delete("/api/tickets/" + id + "/comments/" + second, admin().auth).status, 204);
    const auto audit = http().Get("/api/tickets/" + id + "/audit", admin().auth).Json().as_array();
    EXPECT_EQ(Str(audit[0].at("action")), "COMMENT_DELETED");
    EXPECT_EQ(Str(audit[0].at("detail")), "mine");
    EXPECT_EQ(Str(audit[0].at("user").at("username")), "admin");
    EXPECT_EQ(http().Get("/api/tickets/" + id, admin().auth).Json().at("_count").at("comments").as_int64(), 0);
}

TEST_F(CommentsApi, ACommentIsOnlyReachableThroughItsOwnTicket) {
    const std::string a = Str(CreateTicket(admin().auth).at("id"));
    const std::string b = Str(CreateTicket(admin().auth).at("id"));
    const std::string comment =
        Str(http().Post("/api/tickets/" + a + "/comments", R"({"body":"x"})", admin().auth).Json().at("id"));
    EXPECT_EQ(http().Delete("/api/tickets/" + b + "/comments/" + comment, admin().auth).status, 404);
    EXPECT_EQ(http().Delete("/api/tickets/" + a + "/comments/nope", admin().auth).status, 404);
    EXPECT_EQ(http().Post("/api/tickets/nope/comments", R"({"body":"x"})", admin().auth).status, 404);
}

TEST_F(CommentsApi, BodiesAreValidated) {
    const std::string id = Str(CreateTicket(admin().auth).at("id"));
    for (const std::string& body : {std::string(R"({"body":""})"), std::string(R"({"body":"   "})"),
                                    std::string(R"({"body":5})"), std::string(R"({})"),
                                    std::string(R"({"body":"x","extra":1})"),
                                    bj::serialize(bj::object{{"body", std::string(65537, 'b')}})}) {
        EXPECT_EQ(http().Post("/api/tickets/" + id + "/comments", body, admin().auth).status, 400) << body.substr(0, 40);
    }
    EXPECT_EQ(AuditActions(id).size(), 1u);
    const std::string multiline = "line one\n\n- item\n\tindented";
    const auto ok = http().Post("/api/tickets/" + id + "/comments", bj::serialize(bj::object{{"body", multiline}}), admin().auth);
    ASSERT_EQ(ok.status, 201);
    EXPECT_EQ(Str(ok.Json().at("body")), multiline);
}

}  // namespace
}  // namespace ticketing::testing
