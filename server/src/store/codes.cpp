#include "store/codes.hpp"

#include <stdexcept>
#include <string>

namespace ticketing::store {

using domain::AuditAction;
using domain::Role;
using domain::Status;

std::string_view RoleCode(Role role) {
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

Role ParseRoleCode(std::string_view code) {
    for (const Role role : domain::kAllRoles) {
        if (RoleCode(role) == code) return role;
    }
    throw std::runtime_error("unknown role in database: " + std::string(code));
}

std::string_view StatusCode(Status status) {
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

Status ParseStatusCode(std::string_view code) {
    for (const Status status : domain::kAllStatuses) {
        if (StatusCode(status) == code) return status;
    }
    throw std::runtime_error("unknown status in database: " + std::string(code));
}

std::string_view AuditActionCode(AuditAction action) {
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

AuditAction ParseAuditActionCode(std::string_view code) {
    for (const AuditAction action : domain::kAllAuditActions) {
        if (AuditActionCode(action) == code) return action;
    }
    throw std::runtime_error("unknown audit action in database: " + std::string(code));
}

}  // namespace ticketing::store
