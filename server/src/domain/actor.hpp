#pragma once

#include <string>

#include "domain/ids.hpp"
#include "domain/role.hpp"

namespace ticketing::domain {

// The authenticated principal of one request.
struct Actor {
    UserId id;
    Role role = Role::kUser;
    std::string username;
    std::string display_name;
    // Read with the rest when the request was authenticated, so /api/auth/me needs no query.
    std::string email;
};

}  // namespace ticketing::domain
