#include "app/user_service.hpp"

#include "app/audit_writer.hpp"
#include "auth/api_key.hpp"
#include "auth/password.hpp"
#include "domain/errors.hpp"
#include "domain/policy.hpp"
#include "platform/random.hpp"
#include "store/ticket_repository.hpp"
#include "store/user_repository.hpp"

namespace ticketing::app {
namespace {

using domain::Action;
using domain::Errc;
using domain::Error;
using domain::FailField;
using domain::Role;

Error UserNotFound(const domain::UserId& id) {
    return Error(Errc::kNotFound, "User not found: '" + id.value + "'");
}

void RefuseTakenEmail(store::UserRepository& users, const std::string& email,
                      const domain::UserId& except) {
    if (users.EmailTaken(email, except)) {
        throw Error(Errc::kConflict, "The email '" + email + "' is already in use",
                    {{"email", "is already in use"}});
    }
}

}  // namespace

std::vector<domain::User> UserService::List(const domain::Actor& actor) {
    domain::RequirePermission(actor, Action::kListUsers);
    return ctx_.db.Read([](store::Tx& tx) { return store::UserRepository(tx).List(); });
}

UserWithKey UserService::Create(const domain::Actor& actor, const NewUser& command) {
    domain::RequirePermission(actor, Action::kManageUsers);
    domain::User user;
    user.username = domain::ValidateUsername(command.username);
    user.email = domain::ValidateEmail(command.email);
    user.display_name = domain::ValidateDisplayName(command.display_name);
    user.role = command.role;

    std::optional<std::string> key;
    if (command.role == Role::kService) {
        if (command.password) FailField("password", "must not be set: service accounts use an API key");
        key = auth::GenerateApiKey();
        user.api_key_hash = auth::HashApiKey(*key);
    } else {
        if (!command.password) FailField("password", "is required for this role");
        domain::ValidateNewPassword(*command.password);
        user.password_hash = auth::HashPassword(*command.password);  // outside the transaction
    }

    const std::int64_t now = ctx_.clock.NowMs();
    user.id = {platform::NewId(now)};
    user.created_at = now;
    user.updated_at = now;
    ctx_.db.Write([&](store::Tx& tx) {
        store::UserRepository users(tx);
        if (users.UsernameTaken(user.username)) {
            throw Error(Errc::kConflict, "The username '" + user.username + "' is already taken",
                        {{"username", "is already taken"}});
        }
        RefuseTakenEmail(users, user.email, user.id);
        users.Insert(user);
    });
    return {user, key};
}

UserWithKey UserService::Update(const domain::Actor& actor, const domain::UserId& id,
                                const UserPatch& patch) {
    domain::RequirePermission(actor, Action::kManageUsers);
    const auto display_name = patch.display_name
                                  ? std::optional(domain::ValidateDisplayName(*patch.display_name))
                                  : std::nullopt;
    const auto email = patch.email ? std::optional(domain::ValidateEmail(*patch.email)) : std::nullopt;
    if (patch.role && id == actor.id && *patch.role != actor.role) {
        FailField("role", "cannot be changed on your own account");
    }
    std::optional<std::string> password_hash;
    if (patch.password) {
        domain::ValidateNewPassword(*patch.password);
        password_hash = auth::HashPassword(*patch.password);
    }
    const std::int64_t now = ctx_.clock.NowMs();

    return ctx_.db.Write([&](store::Tx& tx) {
        store::UserRepository users(tx);
        auto user = users.FindById(id);
        if (!user) throw UserNotFound(id);
        UserWithKey out{*user, std::nullopt};
        domain::User& u = out.user;
        bool end_sessions = false;

        if (display_name) u.display_name = *display_name;
        if (email && *email != u.email) {
            RefuseTakenEmail(users, *email, u.id);
            u.email = *email;
        }
        const Role role = patch.role.value_or(u.role);
        if (role != u.role) {
            end_sessions = true;
            if (role == Role::kService) {
                u.password_hash.reset();  // service accounts never log in with a password
                out.api_key = auth::GenerateApiKey();
            } else if (u.role == Role::kService) {
                u.api_key_hash.reset();
            }
            u.role = role;
        }
        if (password_hash) {
            if (u.role == Role::kService) {
                FailField("password", "must not be set: service accounts use an API key");
            }
            u.password_hash = password_hash;
            end_sessions = true;
        }
        if (patch.regenerate_api_key) {
            if (u.role != Role::kService) {
                FailField("regenerateApiKey", "applies only to SERVICE accounts");
            }
            out.api_key = auth::GenerateApiKey();
        }
        if (out.api_key) u.api_key_hash = auth::HashApiKey(*out.api_key);
        if (end_sessions) ++u.token_version;
        u.updated_at = now;
        users.Update(u);
        return out;
    });
}

void UserService::Delete(const domain::Actor& actor, const domain::UserId& id) {
    domain::RequirePermission(actor, Action::kManageUsers);
    if (id == actor.id) FailField("id", "is your own account: you cannot delete it");
    const std::int64_t now = ctx_.clock.NowMs();
    ctx_.db.Write([&](store::Tx& tx) {
        store::UserRepository users(tx);
        const auto user = users.FindById(id);
        if (!user) throw UserNotFound(id);
        // Work assigned to someone who is gone goes back to the queue, visibly.
        store::TicketRepository tickets(tx);
        for (domain::Ticket ticket : tickets.OpenAssignedTo(id)) {
            const std::int64_t version = ticket.version;
            ticket.assignee.reset();
            ticket.version = version + 1;
            ticket.updated_at = now;
            if (!tickets.Update(ticket, version)) continue;
            WriteAudit(tx, ticket.id, actor.id,
                       {{domain::AuditAction::kAssigneeChanged,
                         domain::AssigneeChangeDetail(user->display_name, std::nullopt)}},
                       now);
        }
        users.MarkDeleted(id, now);
    });
}

}  // namespace ticketing::app
