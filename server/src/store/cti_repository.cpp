#include "store/cti_repository.hpp"

#include <algorithm>
#include <map>

#include "store/sql.hpp"

namespace ticketing::store {
namespace {

using domain::Category;
using domain::Item;
using domain::Type;

// One statement shape serves categories, types and items: id, name, parent id (or ''), created.
struct NodeColumns {
    std::string id;
    std::string name;
    std::string parent;
    long long created_at = 0;
    void Bind(Query& q) { q.Out(id).Out(name).Out(parent).Out(created_at); }
};

// SELECT nodes with an optional single text parameter; `key` is the whole SQL.
struct SelectNodes final : PreparedStatement {
    std::string param;
    NodeColumns row;
    Query q;
    SelectNodes(soci::session& sql, Dialect d, const std::string& text) : q(sql, d) {
        if (text.find(':') != std::string::npos) q.In(param);
        row.Bind(q);
        q.Prepare(text);
    }
};

// Any statement with up to three text parameters and no output (insert, rename, delete).
struct Command final : PreparedStatement {
    std::string a;
    std::string b;
    std::string c;
    long long at = 0;
    Query q;
    Command(soci::session& sql, Dialect d, const std::string& text) : q(sql, d) {
        const auto params = static_cast<int>(std::count(text.begin(), text.end(), ':'));
        if (params >= 1) q.In(a);
        if (params >= 2) q.In(b);
        if (params >= 3) q.In(c);
        if (params >= 4) q.In(at);
        q.Prepare(text);
    }
};

// A route's category, type and item by id, one row each that exists, tagged by `kind`.
struct SelectRoute final : PreparedStatement {
    std::string category;
    std::string type;
    std::string item;
    std::string kind;
    NodeColumns row;
    Query q;
    SelectRoute(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(category).In(type).In(item).Out(kind);
        row.Bind(q);
        q.Prepare(
            "SELECT 'c', id, name, CAST('' AS TEXT), created_at FROM categories WHERE id = :c "
            "UNION ALL SELECT 't', id, name, category_id, created_at FROM types WHERE id = :t "
            "UNION ALL SELECT 'i', id, name, type_id, created_at FROM items WHERE id = :i");
    }
};

struct InsertCategory final : PreparedStatement {
    std::string id;
    std::string name;
    long long at = 0;
    Query q;
    InsertCategory(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id).In(name).In(at);
        q.Prepare("INSERT INTO categories (id, name, created_at) VALUES (:id, :name, :at)");
    }
};

struct Count final : PreparedStatement {
    std::string a;
    std::string b;
    std::string c;
    long long count = 0;
    Query q;
    Count(soci::session& sql, Dialect d, const std::string& text) : q(sql, d) {
        const auto params = static_cast<int>(std::count(text.begin(), text.end(), ':'));
        if (params >= 1) q.In(a);
        if (params >= 2) q.In(b);
        if (params >= 3) q.In(c);
        q.Out(count);
        q.Prepare(text);
    }
};

constexpr std::string_view kCategories =
    "SELECT id, name, '' AS parent, created_at FROM categories";
constexpr std::string_view kTypes = "SELECT id, name, category_id, created_at FROM types";
constexpr std::string_view kItems = "SELECT id, name, type_id, created_at FROM items";

template <class Fn>
void ForEachNode(Tx& tx, const std::string& text, const std::string& param, Fn&& fn) {
    auto& s = tx.connection().Prepared<SelectNodes>(text);
    s.param = param;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) fn(s.row);
}

Category ToCategory(const NodeColumns& r) { return {{r.id}, r.name, r.created_at}; }
Type ToType(const NodeColumns& r) { return {{r.id}, r.name, {r.parent}, r.created_at}; }
Item ToItem(const NodeColumns& r) { return {{r.id}, r.name, {r.parent}, r.created_at}; }

template <class T, class Convert>
std::optional<T> FindOne(Tx& tx, const std::string& text, const std::string& param,
                         Convert convert) {
    auto& s = tx.connection().Prepared<SelectNodes>(text);
    s.param = param;
    if (!s.q.Run()) return std::nullopt;
    return convert(s.row);
}

void Run(Tx& tx, const std::string& text, const std::string& a, const std::string& b = {},
         const std::string& c = {}, long long at = 0) {
    auto& s = tx.connection().Prepared<Command>(text);
    s.a = a;
    s.b = b;
    s.c = c;
    s.at = at;
    s.q.Run();
}

long long CountOf(Tx& tx, const std::string& text, const std::string& a,
                  const std::string& b = {}, const std::string& c = {}) {
    auto& s = tx.connection().Prepared<Count>(text);
    s.a = a;
    s.b = b;
    s.c = c;
    s.q.Run();
    return s.count;
}

}  // namespace

std::vector<Category> CtiRepository::ListCategories() {
    std::vector<Category> out;
    ForEachNode(tx_, std::string(kCategories) + " ORDER BY name", {},
                [&](const NodeColumns& r) { out.push_back(ToCategory(r)); });
    return out;
}

std::vector<Type> CtiRepository::ListTypes(const std::optional<domain::CategoryId>& category) {
    std::vector<Type> out;
    const std::string text = std::string(kTypes) +
                             (category ? " WHERE category_id = :category" : "") + " ORDER BY name";
    ForEachNode(tx_, text, category ? category->value : std::string(),
                [&](const NodeColumns& r) { out.push_back(ToType(r)); });
    return out;
}

std::vector<Item> CtiRepository::ListItems(const std::optional<domain::TypeId>& type) {
    std::vector<Item> out;
    const std::string text =
        std::string(kItems) + (type ? " WHERE type_id = :type" : "") + " ORDER BY name";
    ForEachNode(tx_, text, type ? type->value : std::string(),
                [&](const NodeColumns& r) { out.push_back(ToItem(r)); });
    return out;
}

std::vector<domain::CtiCategoryNode> CtiRepository::Tree() {
    std::vector<domain::CtiCategoryNode> tree;
    std::map<std::string, std::size_t> category_index;
    for (auto& category : ListCategories()) {
        category_index[category.id.value] = tree.size();
        tree.push_back({std::move(category), {}});
    }
    std::map<std::string, std::pair<std::size_t, std::size_t>> type_index;
    for (auto& type : ListTypes(std::nullopt)) {
        const auto it = category_index.find(type.category_id.value);
        if (it == category_index.end()) continue;
        auto& types = tree[it->second].types;
        type_index[type.id.value] = {it->second, types.size()};
        types.push_back({std::move(type), {}});
    }
    for (auto& item : ListItems(std::nullopt)) {
        const auto it = type_index.find(item.type_id.value);
        if (it == type_index.end()) continue;
        tree[it->second.first].types[it->second.second].items.push_back(std::move(item));
    }
    return tree;
}

RouteRows CtiRepository::FindRoute(const domain::CtiRef& ref) {
    auto& s = tx_.connection().Prepared<SelectRoute>();
    s.category = ref.category.value;
    s.type = ref.type.value;
    s.item = ref.item.value;
    RouteRows out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) {
        if (s.kind == "c") out.category = ToCategory(s.row);
        if (s.kind == "t") out.type = ToType(s.row);
        if (s.kind == "i") out.item = ToItem(s.row);
    }
    return out;
}

std::optional<Category> CtiRepository::FindCategory(const domain::CategoryId& id) {
    return FindOne<Category>(tx_, std::string(kCategories) + " WHERE id = :id", id.value, ToCategory);
}

std::optional<Type> CtiRepository::FindType(const domain::TypeId& id) {
    return FindOne<Type>(tx_, std::string(kTypes) + " WHERE id = :id", id.value, ToType);
}

std::optional<Item> CtiRepository::FindItem(const domain::ItemId& id) {
    return FindOne<Item>(tx_, std::string(kItems) + " WHERE id = :id", id.value, ToItem);
}

std::optional<Category> CtiRepository::FindCategoryByName(const std::string& name) {
    return FindOne<Category>(tx_, std::string(kCategories) + " WHERE name = :name", name, ToCategory);
}

std::optional<Type> CtiRepository::FindTypeByName(const domain::CategoryId& category,
                                                  const std::string& name) {
    for (auto& type : ListTypes(category)) {
        if (type.name == name) return type;
    }
    return std::nullopt;
}

std::optional<Item> CtiRepository::FindItemByName(const domain::TypeId& type,
                                                  const std::string& name) {
    for (auto& item : ListItems(type)) {
        if (item.name == name) return item;
    }
    return std::nullopt;
}

void CtiRepository::Insert(const Category& c) {
    auto& s = tx_.connection().Prepared<InsertCategory>();
    s.id = c.id.value;
    s.name = c.name;
    s.at = c.created_at;
    s.q.Run();
}

void CtiRepository::Insert(const Type& t) {
    auto& s = tx_.connection().Prepared<Command>(
        "INSERT INTO types (id, category_id, name, created_at) VALUES (:id, :category, :name, :at)");
    s.a = t.id.value;
    s.b = t.category_id.value;
    s.c = t.name;
    s.at = t.created_at;
    s.q.Run();
}

void CtiRepository::Insert(const Item& i) {
    auto& s = tx_.connection().Prepared<Command>(
        "INSERT INTO items (id, type_id, name, created_at) VALUES (:id, :type, :name, :at)");
    s.a = i.id.value;
    s.b = i.type_id.value;
    s.c = i.name;
    s.at = i.created_at;
    s.q.Run();
}

void CtiRepository::Rename(const domain::CategoryId& id, const std::string& name) {
    Run(tx_, "UPDATE categories SET name = :name WHERE id = :id", name, id.value);
}

void CtiRepository::Rename(const domain::TypeId& id, const std::string& name) {
    Run(tx_, "UPDATE types SET name = :name WHERE id = :id", name, id.value);
}

void CtiRepository::Rename(const domain::ItemId& id, const std::string& name) {
    Run(tx_, "UPDATE items SET name = :name WHERE id = :id", name, id.value);
}

void CtiRepository::Delete(const domain::CategoryId& id) {
    Run(tx_, "DELETE FROM categories WHERE id = :id", id.value);
}

void CtiRepository::Delete(const domain::TypeId& id) {
    Run(tx_, "DELETE FROM types WHERE id = :id", id.value);
}

void CtiRepository::Delete(const domain::ItemId& id) {
    Run(tx_, "DELETE FROM items WHERE id = :id", id.value);
}

long long CtiRepository::TicketsUsing(const domain::CategoryId& id) {
    // Also counts tickets whose type or item sits under this category (possible only in data
    // imported without our route checks), so a cascade can never hit a ticket.
    return CountOf(tx_,
                   "SELECT COUNT(*) FROM tickets WHERE category_id = :a OR type_id IN "
                   "(SELECT id FROM types WHERE category_id = :b) OR item_id IN (SELECT i.id "
                   "FROM items i JOIN types t ON t.id = i.type_id WHERE t.category_id = :c)",
                   id.value, id.value, id.value);
}

long long CtiRepository::TicketsUsing(const domain::TypeId& id) {
    return CountOf(tx_,
                   "SELECT COUNT(*) FROM tickets WHERE type_id = :a OR item_id IN "
                   "(SELECT id FROM items WHERE type_id = :b)",
                   id.value, id.value);
}

long long CtiRepository::TicketsUsing(const domain::ItemId& id) {
    return CountOf(tx_, "SELECT COUNT(*) FROM tickets WHERE item_id = :a", id.value);
}

}  // namespace ticketing::store
