#include "domain/policy.hpp"

#include <array>
#include <cstddef>

#include "domain/errors.hpp"

namespace ticketing::domain {
namespace {

struct Row {
    Action action;
    bool admin;
    bool agent;
    bool user;
    bool service;
};

// The original README's role table: Admin everything; Agent manages tickets but cannot close;
// User views and comments; Service is an automation Agent that authenticates with an API key.
constexpr std::array kTable = {
    //  action                      ADMIN  AGENT  USER   SERVICE
    Row{Action::kViewTickets, true, true, true, true},
    Row{Action::kCreateTicket, true, true, false, true},
    Row{Action::kUpdateTicket, true, true, false, true},
    Row{Action::kCloseTicket, true, false, false, false},
    Row{Action::kDeleteTicket, true, false, false, false},
    Row{Action::kAddComment, true, true, true, true},
    Row{Action::kDeleteOwnComment, true, true, true, true},
    Row{Action::kDeleteAnyComment, true, false, false, false},
    Row{Action::kViewAudit, true, true, true, true},
    Row{Action::kViewCti, true, true, true, true},
    Row{Action::kManageCti, true, false, false, false},
    Row{Action::kListUsers, true, true, true, true},
    Row{Action::kManageUsers, true, false, false, false},
    Row{Action::kManageWebhooks, true, false, false, false},
    // Service accounts have no password to change.
    Row{Action::kChangeOwnPassword, true, true, true, false},
};

constexpr const Row* Find(Action action) {
    for (const Row& row : kTable) {
        if (row.action == action) return &row;
    }
    return nullptr;
}

}  // namespace

bool Allows(Role role, Action action) {
    const Row* row = Find(action);
    if (row == nullptr) return false;
    switch (role) {
        case Role::kAdmin:
            return row->admin;
        case Role::kAgent:
            return row->agent;
        case Role::kUser:
            return row->user;
        case Role::kService:
            return row->service;
    }
    return false;
}

std::string_view DenialMessage(Action action) {
    switch (action) {
        case Action::kCloseTicket:
            return "Only admins can close tickets";
        case Action::kDeleteTicket:
            return "Only admins can delete tickets";
        case Action::kCreateTicket:
            return "Your role cannot create tickets";
        case Action::kUpdateTicket:
            return "Your role cannot change tickets";
        case Action::kDeleteAnyComment:
        case Action::kDeleteOwnComment:
            return "You can only delete your own comments";
        case Action::kManageCti:
            return "Only admins can change the CTI hierarchy";
        case Action::kManageUsers:
            return "Only admins can manage users";
        case Action::kManageWebhooks:
            return "Only admins can manage webhooks";
        case Action::kChangeOwnPassword:
            return "Service accounts have no password";
        case Action::kViewTickets:
        case Action::kAddComment:
        case Action::kViewAudit:
        case Action::kViewCti:
        case Action::kListUsers:
            return "Insufficient permissions";
    }
    return "Insufficient permissions";
}

void RequirePermission(const Actor& actor, Action action) {
    if (!Allows(actor.role, action)) throw Error(Errc::kForbidden, std::string(DenialMessage(action)));
}

bool CanDeleteComment(const Actor& actor, const UserId& author) {
    if (Allows(actor.role, Action::kDeleteAnyComment)) return true;
    return author == actor.id && Allows(actor.role, Action::kDeleteOwnComment);
}

}  // namespace ticketing::domain
