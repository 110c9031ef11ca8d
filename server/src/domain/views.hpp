#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/comment.hpp"
#include "domain/cti.hpp"
#include "domain/ids.hpp"
#include "domain/status.hpp"
#include "domain/ticket.hpp"

namespace ticketing::domain {

// Read models: what the API shows, joined by the store in one query.

struct UserSummary {
    UserId id;
    std::string username;
    std::string display_name;
};

struct TicketView {
    Ticket ticket;
    Category category;
    Type type;
    Item item;
    std::optional<UserSummary> assignee;
    UserSummary created_by;
    std::int64_t comment_count = 0;
    std::int64_t seq = 0;  // position in insertion order; the keyset cursor's tie-breaker
};

struct CommentView {
    Comment comment;
    UserSummary author;
};

struct TicketDetail {
    TicketView view;
    std::vector<CommentView> comments;  // oldest first
};

struct AuditView {
    std::string id;
    AuditAction action = AuditAction::kCreated;
    std::optional<std::string> detail;
    std::int64_t created_at = 0;
    UserSummary user;
};

struct CtiTypeNode {
    Type type;
    std::vector<Item> items;
};

struct CtiCategoryNode {
    Category category;
    std::vector<CtiTypeNode> types;
};

// GET /api/tickets filters (all optional, combined with AND).
struct TicketFilter {
    std::optional<Status> status;
    std::optional<int> severity;
    std::optional<CategoryId> category;
    std::optional<UserId> assignee;
    std::optional<std::string> search;

    // No filter but (perhaps) the status: the matches are the per-status counts.
    [[nodiscard]] bool StatusOnly() const { return !severity && !category && !assignee && !search; }
};

// A position in the list order (severity ASC, created_at DESC, seq DESC): the page after it
// starts with the next ticket in that order.
struct ListCursor {
    int severity = 0;
    std::int64_t created_at = 0;
    std::int64_t seq = 0;
};

struct PageRequest {
    int limit = 50;
    std::int64_t offset = 0;
    std::optional<ListCursor> after;
};

inline constexpr int kMaxPageSize = 200;
inline constexpr std::size_t kMinSearchLength = 3;

}  // namespace ticketing::domain
