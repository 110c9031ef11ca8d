#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/actor.hpp"
#include "domain/user.hpp"

namespace ticketing::app {

struct NewUser {
    std::string username;
    std::string email;
    std::string display_name;
    std::optional<std::string> password;
    domain::Role role = domain::Role::kUser;
};

struct UserPatch {
    std::optional<std::string> display_name;
    std::optional<std::string> email;
    std::optional<std::string> password;
    std::optional<domain::Role> role;
    bool regenerate_api_key = false;
};

// A user and, only in the response that created it, a SERVICE account's API key.
struct UserWithKey {
    domain::User user;
    std::optional<std::string> api_key;
};

class UserService {
public:
    explicit UserService(AppContext ctx) : ctx_(ctx) {}

    [[nodiscard]] std::vector<domain::User> List(const domain::Actor& actor);
    UserWithKey Create(const domain::Actor& actor, const NewUser& command);
    // Password and role changes end the user's sessions at once (token version). Becoming a
    // SERVICE account drops the password and issues a key; leaving SERVICE drops the key.
    UserWithKey Update(const domain::Actor& actor, const domain::UserId& id, const UserPatch& patch);
    // Keeps the user's history attributed and unassigns their open tickets (with audit rows).
    void Delete(const domain::Actor& actor, const domain::UserId& id);

private:
    AppContext ctx_;
};

}  // namespace ticketing::app
