#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/ids.hpp"
#include "domain/status.hpp"

namespace ticketing::domain {

inline constexpr int kMinSeverity = 1;
inline constexpr int kMaxSeverity = 5;

[[nodiscard]] constexpr bool IsValidSeverity(long long severity) {
    return severity >= kMinSeverity && severity <= kMaxSeverity;
}

struct CtiRef {
    CategoryId category;
    TypeId type;
    ItemId item;
    friend bool operator==(const CtiRef&, const CtiRef&) = default;
};

// A ticket's own stored state (no joined names).
struct Ticket {
    TicketId id;
    std::string display_id;
    std::string title;
    std::string overview;
    int severity = 3;
    Status status = Status::kOpen;
    CtiRef cti;
    std::optional<UserId> assignee;
    UserId created_by;
    std::optional<std::int64_t> resolved_at;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::int64_t version = 1;  // bumped on every change; the ETag of the ticket
};

// A PATCH: each engaged field was present in the request. `assignee` engaged with an empty inner
// optional means "unassign".
struct TicketPatch {
    std::optional<std::string> title;
    std::optional<std::string> overview;
    std::optional<int> severity;
    std::optional<Status> status;
    std::optional<std::optional<UserId>> assignee;
    std::optional<CategoryId> category;
    std::optional<TypeId> type;
    std::optional<ItemId> item;
};

// The CTI the patch routes to, if it differs from the ticket's current one.
[[nodiscard]] std::optional<CtiRef> NewRoute(const Ticket& current, const TicketPatch& patch);

// True if the patch assigns someone other than the current assignee (or unassigns).
[[nodiscard]] bool ChangesAssignee(const Ticket& current, const TicketPatch& patch);

// Display names the audit wording needs; app/ loads them only when the patch needs them.
struct PatchNames {
    std::optional<std::string> old_assignee;
    std::optional<std::string> new_assignee;
    CtiPath old_route;
    CtiPath new_route;
};

struct TicketChanges {
    Ticket updated;
    std::vector<AuditEntry> audit;  // one entry per changed field, none for a no-op patch
};

// Applies the patch at time `now_ms`: resolving starts the auto-close timer, leaving RESOLVED for
// an open state resets it. Fields equal to the current value are not changes.
[[nodiscard]] TicketChanges ApplyPatch(const Ticket& current, const TicketPatch& patch,
                                       const PatchNames& names, std::int64_t now_ms);

// The auto-close rule: RESOLVED for at least `after_ms` at `now_ms`.
[[nodiscard]] bool IsDueForAutoClose(const Ticket& ticket, std::int64_t now_ms,
                                     std::int64_t after_ms);

}  // namespace ticketing::domain
