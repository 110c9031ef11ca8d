#pragma once

#include "domain/audit.hpp"
#include "domain/cti.hpp"
#include "domain/ticket.hpp"
#include "store/connection.hpp"

namespace ticketing::app {

struct ResolvedRoute {
    domain::Category category;
    domain::Type type;
    domain::Item item;

    [[nodiscard]] domain::CtiRef Ref() const { return {category.id, type.id, item.id}; }
    [[nodiscard]] domain::CtiPath Path() const { return {category.name, type.name, item.name}; }
};

// Loads a route and checks the hierarchy: the type belongs to the category and the item to the
// type. Throws kInvalidInput naming the offending field (categoryId, typeId or itemId).
ResolvedRoute ResolveRoute(store::Tx& tx, const domain::CtiRef& ref);

// The same by names (POST /api/tickets with "cti": {category, type, item}).
ResolvedRoute ResolveRouteByNames(store::Tx& tx, const std::string& category,
                                  const std::string& type, const std::string& item);

}  // namespace ticketing::app
