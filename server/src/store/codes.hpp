#pragma once

#include <optional>
#include <string_view>

#include "domain/audit.hpp"
#include "domain/role.hpp"
#include "domain/status.hpp"

namespace ticketing::store {

// How enums are spelled in database columns. They match the API's spellings by choice (so
// psql output reads like the API), but are defined here so the schema does not depend on http/.
[[nodiscard]] std::string_view RoleCode(domain::Role role);
[[nodiscard]] domain::Role ParseRoleCode(std::string_view code);
[[nodiscard]] std::string_view StatusCode(domain::Status status);
[[nodiscard]] domain::Status ParseStatusCode(std::string_view code);
[[nodiscard]] std::string_view AuditActionCode(domain::AuditAction action);
[[nodiscard]] domain::AuditAction ParseAuditActionCode(std::string_view code);

}  // namespace ticketing::store
