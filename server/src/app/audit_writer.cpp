#include "app/audit_writer.hpp"

#include "platform/random.hpp"
#include "store/audit_repository.hpp"

namespace ticketing::app {

void WriteAudit(store::Tx& tx, const domain::TicketId& ticket, const domain::UserId& user,
                const std::vector<domain::AuditEntry>& entries, std::int64_t now_ms) {
    store::AuditRepository audit(tx);
    for (const auto& entry : entries) {
        audit.Insert({platform::NewId(now_ms), ticket, user, entry, now_ms});
    }
}

}  // namespace ticketing::app
