#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/cti.hpp"
#include "domain/views.hpp"
#include "store/connection.hpp"

namespace ticketing::store {

// The rows a ticket's route names, each absent when its id names nothing.
struct RouteRows {
    std::optional<domain::Category> category;
    std::optional<domain::Type> type;
    std::optional<domain::Item> item;
};

// The Category → Type → Item hierarchy.
class CtiRepository {
public:
    explicit CtiRepository(Tx& tx) : tx_(tx) {}

    [[nodiscard]] std::vector<domain::Category> ListCategories();
    [[nodiscard]] std::vector<domain::Type> ListTypes(const std::optional<domain::CategoryId>& category);
    [[nodiscard]] std::vector<domain::Item> ListItems(const std::optional<domain::TypeId>& type);
    [[nodiscard]] std::vector<domain::CtiCategoryNode> Tree();

    [[nodiscard]] std::optional<domain::Category> FindCategory(const domain::CategoryId& id);
    [[nodiscard]] std::optional<domain::Type> FindType(const domain::TypeId& id);
    [[nodiscard]] std::optional<domain::Item> FindItem(const domain::ItemId& id);
    // The three rows of a route in one statement (one round trip instead of three).
    [[nodiscard]] RouteRows FindRoute(const domain::CtiRef& ref);
    [[nodiscard]] std::optional<domain::Category> FindCategoryByName(const std::string& name);
    [[nodiscard]] std::optional<domain::Type> FindTypeByName(const domain::CategoryId& category,
                                                             const std::string& name);
    [[nodiscard]] std::optional<domain::Item> FindItemByName(const domain::TypeId& type,
                                                             const std::string& name);

    void Insert(const domain::Category& category);
    void Insert(const domain::Type& type);
    void Insert(const domain::Item& item);
    void Rename(const domain::CategoryId& id, const std::string& name);
    void Rename(const domain::TypeId& id, const std::string& name);
    void Rename(const domain::ItemId& id, const std::string& name);
    // Deleting a category or type cascades to its children (schema ON DELETE CASCADE).
    void Delete(const domain::CategoryId& id);
    void Delete(const domain::TypeId& id);
    void Delete(const domain::ItemId& id);

    // Tickets routed to this node or anything below it.
    [[nodiscard]] long long TicketsUsing(const domain::CategoryId& id);
    [[nodiscard]] long long TicketsUsing(const domain::TypeId& id);
    [[nodiscard]] long long TicketsUsing(const domain::ItemId& id);

private:
    Tx& tx_;
};

}  // namespace ticketing::store
