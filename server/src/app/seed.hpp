#pragma once

#include <optional>
#include <string>

#include "app/context.hpp"

namespace ticketing::app {

struct SeedResult {
    bool skipped = false;  // only_if_empty and the database already has users
    bool admin_created = false;
    std::optional<std::string> admin_password;  // set only when we generated it
    bool goddard_created = false;
    std::optional<std::string> goddard_api_key;  // shown once, when created
    int cti_created = 0;                          // categories, types and items added
};

// What the original's seed creates: the `admin` user, the `goddard` SERVICE account and the
// sample CTI tree. Idempotent: existing rows are left alone. The admin password is
// `admin_password` when given (ADMIN_PASSWORD), otherwise generated: never a known default.
// With `only_if_empty`, does nothing when any account exists (`make run` seeds a new database
// only, so an admin who removed `admin` does not get it back).
SeedResult Seed(AppContext ctx, const std::optional<std::string>& admin_password,
                bool only_if_empty = false);

}  // namespace ticketing::app
