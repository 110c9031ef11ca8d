#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/status.hpp"

namespace ticketing::domain {

enum class AuditAction {
    kCreated,
    kStatusChanged,
    kSeverityChanged,
    kAssigneeChanged,
    kRerouted,
    kTitleChanged,
    kOverviewChanged,
    kCommentAdded,
    kCommentDeleted,
};

inline constexpr AuditAction kAllAuditActions[] = {
    AuditAction::kCreated,         AuditAction::kStatusChanged,  AuditAction::kSeverityChanged,
    AuditAction::kAssigneeChanged, AuditAction::kRerouted,       AuditAction::kTitleChanged,
    AuditAction::kOverviewChanged, AuditAction::kCommentAdded,   AuditAction::kCommentDeleted,
};

struct AuditEntry {
    AuditAction action;
    std::optional<std::string> detail;
};

// A CTI path by names, as audit details show it.
struct CtiPath {
    std::string category;
    std::string type;
    std::string item;
};

// The README's detail wording. The README's REROUTED separator was lost in the copy we were
// given; " › " reads well and is what the reference rebuild uses (docs/api.md).
inline constexpr std::string_view kArrow = " → ";
inline constexpr std::string_view kPathSeparator = " › ";
inline constexpr std::string_view kUnassigned = "Unassigned";

[[nodiscard]] std::string StatusChangeDetail(Status from, Status to);
[[nodiscard]] std::string SeverityChangeDetail(int from, int to);
[[nodiscard]] std::string AssigneeChangeDetail(const std::optional<std::string>& from,
                                               const std::optional<std::string>& to);
[[nodiscard]] std::string FormatCtiPath(const CtiPath& path);
[[nodiscard]] std::string RerouteDetail(const CtiPath& from, const CtiPath& to);

}  // namespace ticketing::domain
