#pragma once

#include <cstdint>
#include <string>

#include "domain/ids.hpp"

namespace ticketing::domain {

struct Category {
    CategoryId id;
    std::string name;
    std::int64_t created_at = 0;
};

struct Type {
    TypeId id;
    std::string name;
    CategoryId category_id;
    std::int64_t created_at = 0;
};

struct Item {
    ItemId id;
    std::string name;
    TypeId type_id;
    std::int64_t created_at = 0;
};

}  // namespace ticketing::domain
