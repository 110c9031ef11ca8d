#include "app/cti_route.hpp"

#include "domain/errors.hpp"
#include "store/cti_repository.hpp"

namespace ticketing::app {

using domain::FailField;

ResolvedRoute ResolveRoute(store::Tx& tx, const domain::CtiRef& ref) {
    auto [category, type, item] = store::CtiRepository(tx).FindRoute(ref);
    if (!category) FailField("categoryId", "does not name a category: '" + ref.category.value + "'");
    if (!type) FailField("typeId", "does not name a type: '" + ref.type.value + "'");
    if (type->category_id != category->id) {
        FailField("typeId", "names a type of another category than categoryId");
    }
    if (!item) FailField("itemId", "does not name an item: '" + ref.item.value + "'");
    if (item->type_id != type->id) FailField("itemId", "names an item of another type than typeId");
    return {std::move(*category), std::move(*type), std::move(*item)};
}

ResolvedRoute ResolveRouteByNames(store::Tx& tx, const std::string& category_name,
                                  const std::string& type_name, const std::string& item_name) {
    store::CtiRepository cti(tx);
    auto category = cti.FindCategoryByName(category_name);
    if (!category) FailField("cti.category", "names no category: '" + category_name + "'");
    auto type = cti.FindTypeByName(category->id, type_name);
    if (!type) {
        FailField("cti.type", "names no type in category '" + category_name + "': '" + type_name + "'");
    }
    auto item = cti.FindItemByName(type->id, item_name);
    if (!item) FailField("cti.item", "names no item in type '" + type_name + "': '" + item_name + "'");
    return {std::move(*category), std::move(*type), std::move(*item)};
}

}  // namespace ticketing::app
