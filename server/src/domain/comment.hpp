#pragma once

#include <cstdint>
#include <string>

#include "domain/ids.hpp"

namespace ticketing::domain {

struct Comment {
    CommentId id;
    TicketId ticket_id;
    UserId author_id;
    std::string body;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

}  // namespace ticketing::domain
