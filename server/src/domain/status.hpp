#pragma once

#include <string_view>

namespace ticketing::domain {

enum class Status { kOpen, kInProgress, kResolved, kClosed };

inline constexpr Status kAllStatuses[] = {Status::kOpen, Status::kInProgress, Status::kResolved,
                                          Status::kClosed};

// The human label used in audit details ("Open → In Progress").
constexpr std::string_view StatusLabel(Status status) {
    switch (status) {
        case Status::kOpen:
            return "Open";
        case Status::kInProgress:
            return "In Progress";
        case Status::kResolved:
            return "Resolved";
        case Status::kClosed:
            return "Closed";
    }
    return "Unknown";
}

}  // namespace ticketing::domain
