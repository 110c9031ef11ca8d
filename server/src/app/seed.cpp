#include "app/seed.hpp"

#include <map>
#include <vector>

#include "auth/api_key.hpp"
#include "auth/password.hpp"
#include "domain/errors.hpp"
#include "domain/user.hpp"
#include "platform/random.hpp"
#include "store/cti_repository.hpp"
#include "store/user_repository.hpp"

namespace ticketing::app {
namespace {

struct SampleType {
    const char* name;
    std::vector<const char*> items;
};

const std::vector<std::pair<const char*, std::vector<SampleType>>>& SampleCti() {
    static const std::vector<std::pair<const char*, std::vector<SampleType>>> kCti = {
        {"TheWrightServer",
         {{"Automation", {"Backup", "Update", "Health Check"}},
          {"Infrastructure", {"Server", "Network", "Storage"}},
          {"Media", {"Plex", "Downloads"}}}},
        {"General",
         {{"Request", {"Access", "Hardware", "Software"}}, {"Issue", {"Bug", "Outage", "Other"}}}},
    };
    return kCti;
}

// 20 characters from a 56-symbol alphabet without look-alikes: about 116 bits.
std::string GeneratePassword() {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    std::string out;
    for (int i = 0; i < 20; ++i) {
        out += kAlphabet[platform::RandomUniform(static_cast<std::uint32_t>(kAlphabet.size()))];
    }
    return out;
}

}  // namespace

SeedResult Seed(AppContext ctx, const std::optional<std::string>& admin_password,
                bool only_if_empty) {
    SeedResult result;
    const std::int64_t now = ctx.clock.NowMs();
    if (only_if_empty &&
        !ctx.db.Read([](store::Tx& tx) { return store::UserRepository(tx).List().empty(); })) {
        result.skipped = true;
        return result;
    }

    const bool has_admin = ctx.db.Read(
        [](store::Tx& tx) { return store::UserRepository(tx).FindByUsername("admin").has_value(); });
    std::optional<std::string> admin_hash;
    std::string password;
    if (!has_admin) {
        if (admin_password) {
            try {
                domain::ValidateNewPassword(*admin_password);
            } catch (const domain::Error& e) {
                throw domain::Error(domain::Errc::kInvalidInput,
                                    std::string("ADMIN_PASSWORD: ") + e.what());
            }
            password = *admin_password;
        } else {
            password = GeneratePassword();
            result.admin_password = password;
        }
        admin_hash = auth::HashPassword(password);
    }

    ctx.db.Write([&](store::Tx& tx) {
        store::UserRepository users(tx);
        if (admin_hash && !users.FindByUsername("admin")) {
            domain::User admin;
            admin.id = {platform::NewId(now)};
            admin.username = "admin";
            admin.email = "admin@localhost";
            admin.display_name = "Admin";
            admin.role = domain::Role::kAdmin;
            admin.password_hash = admin_hash;
            admin.created_at = admin.updated_at = now;
            users.Insert(admin);
            result.admin_created = true;
        }
        if (!users.FindByUsername("goddard") && !users.UsernameTaken("goddard")) {
            const std::string key = auth::GenerateApiKey();
            domain::User goddard;
            goddard.id = {platform::NewId(now)};
            goddard.username = "goddard";
            goddard.email = "goddard@localhost";
            goddard.display_name = "Goddard";
            goddard.role = domain::Role::kService;
            goddard.api_key_hash = auth::HashApiKey(key);
            goddard.created_at = goddard.updated_at = now;
            users.Insert(goddard);
            result.goddard_created = true;
            result.goddard_api_key = key;
        }

        store::CtiRepository cti(tx);
        for (const auto& [category_name, types] : SampleCti()) {
            auto category = cti.FindCategoryByName(category_name);
            if (!category) {
                category = domain::Category{{platform::NewId(now)}, category_name, now};
                cti.Insert(*category);
                ++result.cti_created;
            }
            for (const auto& sample : types) {
                auto type = cti.FindTypeByName(category->id, sample.name);
                if (!type) {
                    type = domain::Type{{platform::NewId(now)}, sample.name, category->id, now};
                    cti.Insert(*type);
                    ++result.cti_created;
                }
                for (const char* item_name : sample.items) {
                    if (cti.FindItemByName(type->id, item_name)) continue;
                    cti.Insert(domain::Item{{platform::NewId(now)}, item_name, type->id, now});
                    ++result.cti_created;
                }
            }
        }
    });
    return result;
}

}  // namespace ticketing::app
