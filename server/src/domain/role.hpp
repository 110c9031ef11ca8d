#pragma once

namespace ticketing::domain {

enum class Role { kAdmin, kAgent, kUser, kService };

inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kAgent, Role::kUser, Role::kService};

}  // namespace ticketing::domain
