#include <functional>

#include "api_fixture.hpp"
#include "domain/policy.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;
using domain::Action;
using domain::Role;

// Every route × every kind of caller. The expected status comes from the domain policy (whose
// own test pins it to the README's role table): allowed → 2xx, denied → 403, anonymous → 401.
class RolesApi : public ApiTest {
protected:
    struct Cell {
        std::string name;
        std::optional<Action> action;  // nullopt: any authenticated caller
        // Makes what the request needs (as admin) and sends it as `who`.
        std::function<HttpResponse(const Account& who)> send;
    };

    std::string NewTicket() { return Str(CreateTicket(admin().auth).at("id")); }
    std::string CommentBy(const std::string& ticket, const Headers& who) {
        return Str(http().Post("/api/tickets/" + ticket + "/comments", R"({"body":"c"})", who).Json().at("id"));
    }

    std::vector<Cell> Cells() {
        const auto& h = http();
        std::vector<Cell> cells;
        const auto add = [&](std::string name, std::optional<Action> action,
                             std::function<HttpResponse(const Account&)> send) {
            cells.push_back({std::move(name), action, std::move(send)});
        };
        add("GET /api/auth/me", std::nullopt, [&h](const Account& a) { return h.Get("/api/auth/me", a.auth); });
        add("GET /api/tickets", Action::kViewTickets, [&h](const Account& a) { return h.Get("/api/tickets", a.auth); });
        add("GET /api/tickets/:id", Action::kViewTickets,
            [this, &h](const Account& a) { return h.Get("/api/tickets/" + NewTicket(), a.auth); });
        add("POST /api/tickets", Action::kCreateTicket, [this, &h](const Account& a) {
            return h.Post("/api/tickets",
                          bj::serialize(bj::object{{"title", "t"}, {"severity", 3}, {"categoryId", SeedRoute().category},
                                                   {"typeId", SeedRoute().type}, {"itemId", SeedRoute().item}}),
                          a.auth);
        });
        add("PATCH /api/tickets/:id", Action::kUpdateTicket,
            [this, &h](const Account& a) { return h.Patch("/api/tickets/" + NewTicket(), R"({"severity":1})", a.auth); });
        add("PATCH /api/tickets/:id CLOSED", Action::kCloseTicket,
            [this, &h](const Account& a) { return h.Patch("/api/tickets/" + NewTicket(), R"({"status":"CLOSED"})", a.auth); });
        add("DELETE /api/tickets/:id", Action::kDeleteTicket,
            [this, &h](const Account& a) { return h.Delete("/api/tickets/" + NewTicket(), a.auth); });
        add("GET /api/tickets/:id/audit", Action::kViewAudit,
            [this, &h](const Account& a) { return h.Get("/api/tickets/" + NewTicket() + "/audit", a.auth); });
        add("POST /api/tickets/:id/comments", Action::kAddComment, [this, &h](const Account& a) {
            return h.Post("/api/tickets/" + NewTicket() + "/comments", R"({"body":"hi"})", a.auth);
        });
        add("DELETE own comment", Action::kDeleteOwnComment, [this, &h](const Account& a) {
            const std::string t = NewTicket();
            const std::string c = a.auth.empty() ? CommentBy(t, admin().auth) : CommentBy(t, a.auth);
            return h.Delete("/api/tickets/" + t + "/comments/" + c, a.auth);
        });
        add("DELETE someone else's comment", Action::kDeleteAnyComment, [this, &h](const Account& a) {
            const std::string t = NewTicket();
            const std::string c = CommentBy(t, goddard().id == a.id ? admin().auth : goddard().auth);
            return h.Delete("/api/tickets/" + t + "/comments/" + c, a.auth);
        });
        for (const char* kind : {"categories", "types", "items"}) {
            add(std::string("GET /api/cti/") + kind, Action::kViewCti,
                [&h, kind](const Account& a) { return h.Get(std::string("/api/cti/") + kind, a.auth); });
        }
        add("GET /api/cti/tree", Action::kViewCti, [&h](const Account& a) { return h.Get("/api/cti/tree", a.auth); });
        add("POST /api/cti/categories", Action::kManageCti,
            [this, &h](const Account& a) { return h.Post("/api/cti/categories", bj::serialize(bj::object{{"name", "C" + Unique()}}), a.auth); });
        add("POST /api/cti/types", Action::kManageCti, [this, &h](const Account& a) {
            return h.Post("/api/cti/types", bj::serialize(bj::object{{"name", "T" + Unique()}, {"categoryId", SeedRoute().category}}), a.auth);
        });
        add("POST /api/cti/items", Action::kManageCti, [this, &h](const Account& a) {
            return h.Post("/api/cti/items", bj::serialize(bj::object{{"name", "I" + Unique()}, {"typeId", SeedRoute().type}}), a.auth);
        });
        add("PUT /api/cti/categories/:id", Action::kManageCti, [this, &h](const Account& a) {
            return h.Put("/api/cti/categories/" + SeedRoute().category, bj::serialize(bj::object{{"name", "R" + Unique()}}), a.auth);
        });
        add("PUT /api/cti/types/:id", Action::kManageCti, [this, &h](const Account& a) {
            return h.Put("/api/cti/types/" + SeedRoute().type, bj::serialize(bj::object{{"name", "R" + Unique()}}), a.auth);
        });
        add("PUT /api/cti/items/:id", Action::kManageCti, [this, &h](const Account& a) {
            return h.Put("/api/cti/items/" + SeedRoute().item, bj::serialize(bj::object{{"name", "R" + Unique()}}), a.auth);
        });
        add("DELETE /api/cti/categories/:id", Action::kManageCti, [this, &h](const Account& a) {
            return h.Delete("/api/cti/categories/" + CreateRoute("D" + Unique(), "t", "i").category, a.auth);
        });
        add("DELETE /api/cti/types/:id", Action::kManageCti, [this, &h](const Account& a) {
            return h.Delete("/api/cti/types/" + CreateRoute("D" + Unique(), "t", "i").type, a.auth);
        });
        add("DELETE /api/cti/items/:id", Action::kManageCti, [this, &h](const Account& a) {
            return h.Delete("/api/cti/items/" + CreateRoute("D" + Unique(), "t", "i").item, a.auth);
        });
        add("GET /api/users", Action::kListUsers, [&h](const Account& a) { return h.Get("/api/users", a.auth); });
        add("POST /api/users", Action::kManageUsers, [this, &h](const Account& a) {
            const std::string name = "n" + Unique();
            return h.Post("/api/users", bj::serialize(bj::object{{"username", name}, {"email", name + "@x.io"},
                                                                 {"displayName", name}, {"password", "long enough pw"}}),
                          a.auth);
        });
        add("PATCH /api/users/:id", Action::kManageUsers, [this, &h](const Account& a) {
            return h.Patch("/api/users/" + CreateAccount("USER").id, R"({"displayName":"Renamed"})", a.auth);
        });
        add("DELETE /api/users/:id", Action::kManageUsers,
            [this, &h](const Account& a) { return h.Delete("/api/users/" + CreateAccount("USER").id, a.auth); });
        add("POST /api/auth/password", Action::kChangeOwnPassword, [&h](const Account& a) {
            return h.Post("/api/auth/password",
                          bj::serialize(bj::object{{"currentPassword", a.password.empty() ? "irrelevant-pw" : a.password},
                                                   {"newPassword", "another long password"}}),
                          a.auth);
        });
        add("POST /api/auth/logout", std::nullopt, [&h](const Account& a) { return h.Post("/api/auth/logout", "", a.auth); });
        return cells;
    }

    std::string Unique() { return std::to_string(++unique_); }
    int unique_ = 0;
};

TEST_F(RolesApi, EveryRouteAnswersEveryRoleAsThePolicySays) {
    struct Caller {
        std::string name;
        std::optional<Role> role;
        std::function<Account()> make;
    };
    const std::vector<Caller> callers = {
        {"anonymous", std::nullopt, [] { return Account{}; }},
        {"USER", Role::kUser, [this] { return CreateAccount("USER"); }},
        {"AGENT", Role::kAgent, [this] { return CreateAccount("AGENT"); }},
        {"ADMIN", Role::kAdmin, [this] { return CreateAccount("ADMIN"); }},
        {"SERVICE", Role::kService, [this] { return CreateAccount("SERVICE"); }},
    };
    int checked = 0;
    for (const auto& caller : callers) {
        for (const auto& cell : Cells()) {
            // A fresh account per cell: logout and password changes end sessions.
            const Account who = caller.make();
            const auto res = cell.send(who);
            int expected = 0;
            if (!caller.role) {
                expected = 401;
            } else if (cell.action && !domain::Allows(*caller.role, *cell.action)) {
                expected = 403;
            }
            if (expected != 0) {
                EXPECT_EQ(res.status, expected) << caller.name << " " << cell.name << ": " << res.body;
                EXPECT_TRUE(res.Json().as_object().contains("error")) << cell.name;
            } else {
                EXPECT_GE(res.status, 200) << caller.name << " " << cell.name << ": " << res.body;
                EXPECT_LT(res.status, 300) << caller.name << " " << cell.name << ": " << res.body;
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, 5 * 30);
}

}  // namespace
}  // namespace ticketing::testing
