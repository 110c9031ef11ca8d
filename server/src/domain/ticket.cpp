#include "domain/ticket.hpp"

namespace ticketing::domain {

std::optional<CtiRef> NewRoute(const Ticket& current, const TicketPatch& patch) {
    CtiRef next{patch.category.value_or(current.cti.category), patch.type.value_or(current.cti.type),
                patch.item.value_or(current.cti.item)};
    if (next == current.cti) return std::nullopt;
    return next;
}

bool ChangesAssignee(const Ticket& current, const TicketPatch& patch) {
    return patch.assignee.has_value() && *patch.assignee != current.assignee;
}

TicketChanges ApplyPatch(const Ticket& current, const TicketPatch& patch, const PatchNames& names,
                         std::int64_t now_ms) {
    TicketChanges out{current, {}};
    Ticket& next = out.updated;
    auto& audit = out.audit;

    if (patch.title && *patch.title != current.title) {
        next.title = *patch.title;
        audit.push_back({AuditAction::kTitleChanged, next.title});
    }
    if (patch.overview && *patch.overview != current.overview) {
        next.overview = *patch.overview;
        audit.push_back({AuditAction::kOverviewChanged, std::nullopt});
    }
    if (patch.severity && *patch.severity != current.severity) {
        next.severity = *patch.severity;
        audit.push_back(
            {AuditAction::kSeverityChanged, SeverityChangeDetail(current.severity, next.severity)});
    }
    if (patch.status && *patch.status != current.status) {
        next.status = *patch.status;
        if (next.status == Status::kResolved) {
            next.resolved_at = now_ms;
        } else if (next.status != Status::kClosed) {
            // Re-opening resets the 14-day timer; closing keeps when it was resolved.
            next.resolved_at = std::nullopt;
        }
        audit.push_back(
            {AuditAction::kStatusChanged, StatusChangeDetail(current.status, next.status)});
    }
    if (ChangesAssignee(current, patch)) {
        next.assignee = *patch.assignee;
        audit.push_back({AuditAction::kAssigneeChanged,
                         AssigneeChangeDetail(names.old_assignee, names.new_assignee)});
    }
    if (const auto route = NewRoute(current, patch)) {
        next.cti = *route;
        audit.push_back({AuditAction::kRerouted, RerouteDetail(names.old_route, names.new_route)});
    }
    if (!audit.empty()) {
        next.updated_at = now_ms;
        next.version = current.version + 1;
    }
    return out;
}

bool IsDueForAutoClose(const Ticket& ticket, std::int64_t now_ms, std::int64_t after_ms) {
    return ticket.status == Status::kResolved && ticket.resolved_at &&
           now_ms - *ticket.resolved_at >= after_ms;
}

}  // namespace ticketing::domain
