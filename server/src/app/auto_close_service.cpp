#include "app/auto_close_service.hpp"

#include "app/audit_writer.hpp"
#include "domain/ticket.hpp"
#include "platform/clock.hpp"
#include "store/job_lock.hpp"
#include "store/ticket_repository.hpp"
#include "store/user_repository.hpp"

namespace ticketing::app {
namespace {

constexpr int kBatch = 500;
const domain::UserId kSystemUser{"system"};

}  // namespace

int AutoCloseService::RunOnce() {
    const std::int64_t now = ctx_.clock.NowMs();
    const std::int64_t cutoff = now - after_days_ * platform::kDayMs;
    int total = 0;
    for (;;) {
        const int closed = ctx_.db.Write([&](store::Tx& tx) {
            if (!store::TryJobLock(tx, store::JobLock::kAutoClose)) return -1;
            store::TicketRepository tickets(tx);
            const auto system = store::UserRepository(tx).Summary(kSystemUser);
            int count = 0;
            for (const auto& ticket : tickets.DueForAutoClose(cutoff, kBatch)) {
                domain::TicketPatch patch;
                patch.status = domain::Status::kClosed;
                const auto changes = domain::ApplyPatch(ticket, patch, {}, now);
                if (!tickets.Update(changes.updated, ticket.version)) continue;
                WriteAudit(tx, ticket.id, kSystemUser, changes.audit, now);
                ctx_.events.Record(tx, {EventType::kTicketUpdated, ticket.id.value,
                                        ticket.display_id, tickets.FindView(ticket.id.value),
                                        std::nullopt, changes.audit,
                                        system.value_or(domain::UserSummary{kSystemUser, "system", "System"}),
                                        now});
                ++count;
            }
            return count;
        });
        if (closed < 0) return total;
        total += closed;
        if (closed < kBatch) return total;
    }
}

}  // namespace ticketing::app
