#include "http/json/enums.hpp"

namespace ticketing::http::json {

using domain::AuditAction;
using domain::Role;
using domain::Status;

std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kAdmin:
            return "ADMIN";
        case Role::kAgent:
            return "AGENT";
        case Role::kUser:
            return "USER";
        case Role::kService:
            return "SERVICE";
    }
    return "USER";
}

std::optional<Role> ParseRole(std::string_view name) {
    for (const Role role : domain::kAllRoles) {
        if (RoleName(role) == name) return role;
    }
    return std::nullopt;
}

std::string_view StatusName(Status status) {
    switch (status) {
        case Status::kOpen:
            return "OPEN";
        case Status::kInProgress:
            return "IN_PROGRESS";
        case Status::kResolved:
            return "RESOLVED";
        case Status::kClosed:
            return "CLOSED";
    }
    return "OPEN";
}

std::optional<Status> ParseStatus(std::string_view name) {
    for (const Status status : domain::kAllStatuses) {
        if (StatusName(status) == name) return status;
    }
    return std::nullopt;
}

std::string_view AuditActionName(AuditAction action) {
    switch (action) {
        case AuditAction::kCreated:
            return "CREATED";
        case AuditAction::kStatusChanged:
            return "STATUS_CHANGED";
        case AuditAction::kSeverityChanged:
            return "SEVERITY_CHANGED";
        case AuditAction::kAssigneeChanged:
            return "ASSIGNEE_CHANGED";
        case AuditAction::kRerouted:
            return "REROUTED";
        case AuditAction::kTitleChanged:
            return "TITLE_CHANGED";
        case AuditAction::kOverviewChanged:
            return "OVERVIEW_CHANGED";
        case AuditAction::kCommentAdded:
            return "COMMENT_ADDED";
        case AuditAction::kCommentDeleted:
            return "COMMENT_DELETED";
    }
    return "CREATED";
}

}  // namespace ticketing::http::json
