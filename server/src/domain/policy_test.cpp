#include "domain/policy.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "domain/errors.hpp"

namespace ticketing::domain {
namespace {

// The README's role table, restated independently of policy.cpp: a change to either must be
// deliberate and show up here.
const std::map<Role, std::set<Action>>& Expected() {
    static const std::map<Role, std::set<Action>> kExpected = {
        {Role::kAdmin,
         {Action::kViewTickets, Action::kCreateTicket, Action::kUpdateTicket, Action::kCloseTicket,
          Action::kDeleteTicket, Action::kAddComment, Action::kDeleteOwnComment,
          Action::kDeleteAnyComment, Action::kViewAudit, Action::kViewCti, Action::kManageCti,
          Action::kListUsers, Action::kManageUsers, Action::kManageWebhooks,
          Action::kChangeOwnPassword}},
        {Role::kAgent,
         {Action::kViewTickets, Action::kCreateTicket, Action::kUpdateTicket, Action::kAddComment,
          Action::kDeleteOwnComment, Action::kViewAudit, Action::kViewCti, Action::kListUsers,
          Action::kChangeOwnPassword}},
        {Role::kUser,
         {Action::kViewTickets, Action::kAddComment, Action::kDeleteOwnComment, Action::kViewAudit,
          Action::kViewCti, Action::kListUsers, Action::kChangeOwnPassword}},
        {Role::kService,
         {Action::kViewTickets, Action::kCreateTicket, Action::kUpdateTicket, Action::kAddComment,
          Action::kDeleteOwnComment, Action::kViewAudit, Action::kViewCti, Action::kListUsers}},
    };
    return kExpected;
}

TEST(Policy, EveryRoleAndActionMatchesTheReadmeTable) {
    int cells = 0;
    for (const Role role : kAllRoles) {
        for (const Action action : kAllActions) {
            const bool expected = Expected().at(role).count(action) > 0;
            EXPECT_EQ(Allows(role, action), expected)
                << "role " << static_cast<int>(role) << " action " << static_cast<int>(action);
            ++cells;
        }
    }
    EXPECT_EQ(cells, 4 * 15);
}

TEST(Policy, RequirePermissionThrowsForbiddenWithAReadableMessage) {
    const Actor agent{{"a1"}, Role::kAgent, "agent", "Agent", ""};
    try {
        RequirePermission(agent, Action::kCloseTicket);
        FAIL() << "agent may not close";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kForbidden);
        EXPECT_STREQ(e.what(), "Only admins can close tickets");
    }
    EXPECT_NO_THROW(RequirePermission(agent, Action::kUpdateTicket));
}

TEST(Policy, AuthorsDeleteOwnCommentsAdminsAny) {
    const Actor user{{"u1"}, Role::kUser, "user", "User", ""};
    const Actor agent{{"a1"}, Role::kAgent, "agent", "Agent", ""};
    const Actor admin{{"ad"}, Role::kAdmin, "admin", "Admin", ""};
    EXPECT_TRUE(CanDeleteComment(user, UserId{"u1"}));
    EXPECT_FALSE(CanDeleteComment(user, UserId{"a1"}));
    EXPECT_FALSE(CanDeleteComment(agent, UserId{"u1"}));
    EXPECT_TRUE(CanDeleteComment(admin, UserId{"u1"}));
}

}  // namespace
}  // namespace ticketing::domain
