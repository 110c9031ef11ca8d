#include "app/cti_service.hpp"

#include "domain/errors.hpp"
#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "platform/random.hpp"
#include "store/cti_repository.hpp"

namespace ticketing::app {
namespace {

using domain::Action;
using domain::Errc;
using domain::Error;

std::string ValidName(const std::string& name) {
    return domain::ValidateText("name", name, domain::kNameRule);
}

Error NotFound(const std::string& what, const std::string& id) {
    return Error(Errc::kNotFound, what + " not found: '" + id + "'");
}

Error Taken(const std::string& what, const std::string& name, const std::string& where) {
    return Error(Errc::kConflict, "A " + what + " named '" + name + "' already exists" + where,
                 {{"name", "is already used" + where}});
}

// Refuses to delete a node that tickets still use, naming how many.
void RefuseIfUsed(long long count, const std::string& what, const std::string& name) {
    if (count == 0) return;
    throw Error(Errc::kConflict,
                what + " '" + name + "' is still used by " + std::to_string(count) +
                    (count == 1 ? " ticket" : " tickets") +
                    "; reroute or delete those tickets first");
}

}  // namespace

std::vector<domain::Category> CtiService::Categories(const domain::Actor& actor) {
    domain::RequirePermission(actor, Action::kViewCti);
    return ctx_.db.Read([](store::Tx& tx) { return store::CtiRepository(tx).ListCategories(); });
}

std::vector<domain::Type> CtiService::Types(const domain::Actor& actor,
                                            const std::optional<domain::CategoryId>& category) {
    domain::RequirePermission(actor, Action::kViewCti);
    return ctx_.db.Read([&](store::Tx& tx) { return store::CtiRepository(tx).ListTypes(category); });
}

std::vector<domain::Item> CtiService::Items(const domain::Actor& actor,
                                            const std::optional<domain::TypeId>& type) {
    domain::RequirePermission(actor, Action::kViewCti);
    return ctx_.db.Read([&](store::Tx& tx) { return store::CtiRepository(tx).ListItems(type); });
}

std::vector<domain::CtiCategoryNode> CtiService::Tree(const domain::Actor& actor) {
    domain::RequirePermission(actor, Action::kViewCti);
    return ctx_.db.Read([](store::Tx& tx) { return store::CtiRepository(tx).Tree(); });
}

domain::Category CtiService::CreateCategory(const domain::Actor& actor, const std::string& name) {
    domain::RequirePermission(actor, Action::kManageCti);
    const std::string valid = ValidName(name);
    const std::int64_t now = ctx_.clock.NowMs();
    return ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        if (cti.FindCategoryByName(valid)) throw Taken("category", valid, "");
        const domain::Category category{{platform::NewId(now)}, valid, now};
        cti.Insert(category);
        return category;
    });
}

domain::Type CtiService::CreateType(const domain::Actor& actor, const std::string& name,
                                    const domain::CategoryId& category_id) {
    domain::RequirePermission(actor, Action::kManageCti);
    const std::string valid = ValidName(name);
    const std::int64_t now = ctx_.clock.NowMs();
    return ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        const auto category = cti.FindCategory(category_id);
        if (!category) domain::FailField("categoryId", "does not name a category: '" + category_id.value + "'");
        if (cti.FindTypeByName(category_id, valid)) {
            throw Taken("type", valid, " in category '" + category->name + "'");
        }
        const domain::Type type{{platform::NewId(now)}, valid, category_id, now};
        cti.Insert(type);
        return type;
    });
}

domain::Item CtiService::CreateItem(const domain::Actor& actor, const std::string& name,
                                    const domain::TypeId& type_id) {
    domain::RequirePermission(actor, Action::kManageCti);
    const std::string valid = ValidName(name);
    const std::int64_t now = ctx_.clock.NowMs();
    return ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        const auto type = cti.FindType(type_id);
        if (!type) domain::FailField("typeId", "does not name a type: '" + type_id.value + "'");
        if (cti.FindItemByName(type_id, valid)) {
            throw Taken("item", valid, " in type '" + type->name + "'");
        }
        const domain::Item item{{platform::NewId(now)}, valid, type_id, now};
        cti.Insert(item);
        return item;
    });
}

domain::Category CtiService::RenameCategory(const domain::Actor& actor,
                                            const domain::CategoryId& id, const std::string& name) {
    domain::RequirePermission(actor, Action::kManageCti);
    const std::string valid = ValidName(name);
    return ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        auto category = cti.FindCategory(id);
        if (!category) throw NotFound("Category", id.value);
        const auto same = cti.FindCategoryByName(valid);
        if (same && same->id != id) throw Taken("category", valid, "");
        cti.Rename(id, valid);
        category->name = valid;
        return *category;
    });
}

domain::Type CtiService::RenameType(const domain::Actor& actor, const domain::TypeId& id,
                                    const std::string& name) {
    domain::RequirePermission(actor, Action::kManageCti);
    const std::string valid = ValidName(name);
    return ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        auto type = cti.FindType(id);
        if (!type) throw NotFound("Type", id.value);
        const auto same = cti.FindTypeByName(type->category_id, valid);
        if (same && same->id != id) throw Taken("type", valid, " in this category");
        cti.Rename(id, valid);
        type->name = valid;
        return *type;
    });
}

domain::Item CtiService::RenameItem(const domain::Actor& actor, const domain::ItemId& id,
                                    const std::string& name) {
    domain::RequirePermission(actor, Action::kManageCti);
    const std::string valid = ValidName(name);
    return ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        auto item = cti.FindItem(id);
        if (!item) throw NotFound("Item", id.value);
        const auto same = cti.FindItemByName(item->type_id, valid);
        if (same && same->id != id) throw Taken("item", valid, " in this type");
        cti.Rename(id, valid);
        item->name = valid;
        return *item;
    });
}

void CtiService::DeleteCategory(const domain::Actor& actor, const domain::CategoryId& id) {
    domain::RequirePermission(actor, Action::kManageCti);
    ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        const auto category = cti.FindCategory(id);
        if (!category) throw NotFound("Category", id.value);
        RefuseIfUsed(cti.TicketsUsing(id), "Category", category->name);
        cti.Delete(id);
    });
}

void CtiService::DeleteType(const domain::Actor& actor, const domain::TypeId& id) {
    domain::RequirePermission(actor, Action::kManageCti);
    ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        const auto type = cti.FindType(id);
        if (!type) throw NotFound("Type", id.value);
        RefuseIfUsed(cti.TicketsUsing(id), "Type", type->name);
        cti.Delete(id);
    });
}

void CtiService::DeleteItem(const domain::Actor& actor, const domain::ItemId& id) {
    domain::RequirePermission(actor, Action::kManageCti);
    ctx_.db.Write([&](store::Tx& tx) {
        store::CtiRepository cti(tx);
        const auto item = cti.FindItem(id);
        if (!item) throw NotFound("Item", id.value);
        RefuseIfUsed(cti.TicketsUsing(id), "Item", item->name);
        cti.Delete(id);
    });
}

}  // namespace ticketing::app
