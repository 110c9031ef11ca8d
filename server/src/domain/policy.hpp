#pragma once

#include <string_view>

#include "domain/actor.hpp"
#include "domain/ids.hpp"
#include "domain/role.hpp"

namespace ticketing::domain {

// Every permission decision of the product is a row of one table (policy.cpp). app/ asks; nothing
// else decides.
enum class Action {
    kViewTickets,
    kCreateTicket,
    kUpdateTicket,
    kCloseTicket,
    kDeleteTicket,
    kAddComment,
    kDeleteOwnComment,
    kDeleteAnyComment,
    kViewAudit,
    kViewCti,
    kManageCti,
    kListUsers,
    kManageUsers,
    kManageWebhooks,
    kChangeOwnPassword,
};

inline constexpr Action kAllActions[] = {
    Action::kViewTickets,      Action::kCreateTicket,     Action::kUpdateTicket,
    Action::kCloseTicket,      Action::kDeleteTicket,     Action::kAddComment,
    Action::kDeleteOwnComment, Action::kDeleteAnyComment, Action::kViewAudit,
    Action::kViewCti,          Action::kManageCti,        Action::kListUsers,
    Action::kManageUsers,      Action::kManageWebhooks,   Action::kChangeOwnPassword,
};

[[nodiscard]] bool Allows(Role role, Action action);

// The message a 403 carries, phrased for the person who was refused.
[[nodiscard]] std::string_view DenialMessage(Action action);

// Throws Error(kForbidden) unless the actor's role allows the action.
void RequirePermission(const Actor& actor, Action action);

// Authors may delete their own comments; admins any.
[[nodiscard]] bool CanDeleteComment(const Actor& actor, const UserId& author);

}  // namespace ticketing::domain
