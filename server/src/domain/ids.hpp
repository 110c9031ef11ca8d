#pragma once

#include <compare>
#include <string>

namespace ticketing::domain {

// Opaque string ids, one type per entity so a UserId cannot be passed where a TicketId belongs.
template <class Tag>
struct Id {
    std::string value;
    friend auto operator<=>(const Id&, const Id&) = default;
};

using UserId = Id<struct UserTag>;
using TicketId = Id<struct TicketTag>;
using CommentId = Id<struct CommentTag>;
using CategoryId = Id<struct CategoryTag>;
using TypeId = Id<struct TypeTag>;
using ItemId = Id<struct ItemTag>;

}  // namespace ticketing::domain
