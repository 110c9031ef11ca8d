#include "api_fixture.hpp"
#include "store/database.hpp"
#include "store/sql.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

class CommentsApi : public ApiTest {};

TEST_F(CommentsApi, ACommentRewritesItsTicketOnTheSamePagePostgresOnly) {
    // A comment changes only the ticket's comment_count. Where the new row version fits on its
    // page, PostgreSQL writes it there and leaves every index alone (a HOT update); the tickets
    // table keeps room for that (migration postgres/0006). Fill a few pages, then comment on the
    // first ticket of each: on packed pages the row would move to another page.
    std::vector<std::string> ids;
    for (int i = 0; i < 60; ++i) {
        ids.push_back(Str(CreateTicket(admin().auth, {{"overview", std::string(300, 'x')}}).at("id")));
    }
    auto db = store::Database::Open(server().database().url(), {});
    const auto page_of = [&](const std::string& id) {
        return db->Read([&](store::Tx& tx) {
            std::string key = id;
            long long page = -1;
            store::Query q(tx.connection().sql(), tx.dialect());
            q.In(key).Out(page);
            q.Prepare("SELECT (ctid::text::point)[0]::bigint FROM tickets WHERE id = :id");
            EXPECT_TRUE(q.Run()) << id;
            return page;
        });
    };
    const long long last_page = page_of(ids.back());
    ASSERT_GE(last_page, 2) << "60 tickets should span several pages";
    int checked = 0;
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
        const long long page = page_of(ids[i]);
        if (page == last_page || (i > 0 && page == page_of(ids[i - 1]))) continue;  // first of a full page
        ASSERT_EQ(http().Post("/api/tickets/" + ids[i] + "/comments", R"({"body":"in place"})", admin().auth).status, 201);
        EXPECT_EQ(page_of(ids[i]), page) << "ticket " << i << " moved off its page";
        ++checked;
    }
    EXPECT_GE(checked, 2);
}

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

TEST_F(CommentsApi, ATicketNamedByIdOrDisplayIdCountsEachCommentOnceAndAMissingOneGetsNone) {
    const auto ticket = CreateTicket(admin().auth);
    const std::string id = Str(ticket.at("id"));
    const std::string display_id = Str(ticket.at("displayId"));
    const std::string other = Str(CreateTicket(admin().auth).at("id"));
    for (const std::string& key : {id, display_id}) {
        const auto res = http().Post("/api/tickets/" + key + "/comments", R"({"body":"by key"})", admin().auth);
        ASSERT_EQ(res.status, 201) << key << ": " << res.body;
        EXPECT_EQ(Str(res.Json().at("ticketId")), id) << key;
    }
    // A display id of the right form that names no ticket: 404, and nothing written anywhere.
    const std::string missing = display_id == "V000000001" ? "V000000002" : "V000000001";
    ASSERT_EQ(http().Get("/api/tickets/" + missing, admin().auth).status, 404);
    const auto res = http().Post("/api/tickets/" + missing + "/comments", R"({"body":"lost"})", admin().auth);
    EXPECT_EQ(res.status, 404) << res.body;
    EXPECT_EQ(Str(res.Json().at("code")), "not_found");

    const auto detail = http().Get("/api/tickets/" + id, admin().auth).Json();
    EXPECT_EQ(detail.at("_count").at("comments").as_int64(), 2);
    EXPECT_EQ(detail.at("comments").as_array().size(), 2u);
    EXPECT_EQ(AuditActions(id), (std::vector<std::string>{"COMMENT_ADDED", "COMMENT_ADDED", "CREATED"}));
    EXPECT_EQ(http().Get("/api/tickets/" + other, admin().auth).Json().at("_count").at("comments").as_int64(), 0);
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
