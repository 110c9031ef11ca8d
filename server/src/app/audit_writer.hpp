#pragma once

#include <cstdint>
#include <vector>

#include "domain/audit.hpp"
#include "domain/ids.hpp"
#include "store/connection.hpp"

namespace ticketing::app {

// Writes the audit rows of one change, in the caller's transaction, all stamped `now_ms`.
void WriteAudit(store::Tx& tx, const domain::TicketId& ticket, const domain::UserId& user,
                const std::vector<domain::AuditEntry>& entries, std::int64_t now_ms);

}  // namespace ticketing::app
