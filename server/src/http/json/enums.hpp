#pragma once

#include <optional>
#include <string_view>

#include "domain/audit.hpp"
#include "domain/role.hpp"
#include "domain/status.hpp"

namespace ticketing::http::json {

// The wire spellings of the README: OPEN, IN_PROGRESS…; ADMIN, AGENT…; CREATED, REROUTED…
[[nodiscard]] std::string_view RoleName(domain::Role role);
[[nodiscard]] std::optional<domain::Role> ParseRole(std::string_view name);
[[nodiscard]] std::string_view StatusName(domain::Status status);
[[nodiscard]] std::optional<domain::Status> ParseStatus(std::string_view name);
[[nodiscard]] std::string_view AuditActionName(domain::AuditAction action);

}  // namespace ticketing::http::json
