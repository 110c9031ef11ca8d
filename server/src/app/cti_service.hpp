#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/actor.hpp"
#include "domain/cti.hpp"
#include "domain/views.hpp"

namespace ticketing::app {

// The CTI hierarchy: reads for everyone, writes for admins. Deleting a node that tickets still
// use is refused (409) rather than cascading into tickets or orphaning them.
class CtiService {
public:
    explicit CtiService(AppContext ctx) : ctx_(ctx) {}

    [[nodiscard]] std::vector<domain::Category> Categories(const domain::Actor& actor);
    [[nodiscard]] std::vector<domain::Type> Types(const domain::Actor& actor,
                                                  const std::optional<domain::CategoryId>& category);
    [[nodiscard]] std::vector<domain::Item> Items(const domain::Actor& actor,
                                                  const std::optional<domain::TypeId>& type);
    [[nodiscard]] std::vector<domain::CtiCategoryNode> Tree(const domain::Actor& actor);

    domain::Category CreateCategory(const domain::Actor& actor, const std::string& name);
    domain::Type CreateType(const domain::Actor& actor, const std::string& name,
                            const domain::CategoryId& category);
    domain::Item CreateItem(const domain::Actor& actor, const std::string& name,
                            const domain::TypeId& type);

    domain::Category RenameCategory(const domain::Actor& actor, const domain::CategoryId& id,
                                    const std::string& name);
    domain::Type RenameType(const domain::Actor& actor, const domain::TypeId& id,
                            const std::string& name);
    domain::Item RenameItem(const domain::Actor& actor, const domain::ItemId& id,
                            const std::string& name);

    void DeleteCategory(const domain::Actor& actor, const domain::CategoryId& id);
    void DeleteType(const domain::Actor& actor, const domain::TypeId& id);
    void DeleteItem(const domain::Actor& actor, const domain::ItemId& id);

private:
    AppContext ctx_;
};

}  // namespace ticketing::app
