#include "world.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <stdexcept>

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;

std::string FirstId(const Client& http, const std::string& target, const Headers& auth) {
    const auto res = http.Get(target, auth);
    if (res.status != 200)
        throw std::runtime_error(target + " answered " + std::to_string(res.status));
    const auto list = bj::parse(res.body).as_array();
    if (list.empty()) throw std::runtime_error(target + " is empty");
    return bj::value_to<std::string>(list.front().at("id"));
}

}  // namespace

std::filesystem::path TicketingBinary() {
    // RELIABILITY_TICKETING_BIN runs a suite against another build of the server (e.g. the
    // release build, to tell the server's own memory from the sanitizers').
    const char* other = std::getenv("RELIABILITY_TICKETING_BIN");
    return other != nullptr && *other != '\0' ? std::filesystem::path(other) : std::filesystem::path(TICKETING_BIN);
}
std::filesystem::path DataDir() { return TICKETING_RELIABILITY_DATA; }

int EnvInt(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::stoi(value) : fallback;
}

World MakeWorld() {
    World world;
    world.database = std::make_unique<TestDatabase>();
    world.dir = world.database->dir();
    const auto& url = world.database->url();
    const std::string database_url = url.kind == platform::DatabaseKind::kSqlite
                                         ? "sqlite:" + url.sqlite_path
                                         : url.postgres_conninfo;
    world.admin_password = kAdminPassword;
    world.server_env = {
        {"DATABASE_URL", database_url},
        {"JWT_SECRET", kJwtSecret},
        {"HOST", "127.0.0.1"},
        {"PORT", "0"},
        {"DATA_DIR", world.dir.string()},
        {"LOG_LEVEL", "info"},
        {"LOG_FORMAT", "text"},
        {"WORKER_THREADS", "8"},
        {"IO_THREADS", "2"},
    };
    Env seed_env = world.server_env;
    seed_env["ADMIN_PASSWORD"] = world.admin_password;
    const auto credentials = world.dir / "credentials";
    const auto seeded = RunCommand(
        {TicketingBinary().string(), "seed", "--credentials-file", credentials.string()}, seed_env);
    if (seeded.exit_code != 0) {
        throw std::runtime_error("ticketing seed failed (" + std::to_string(seeded.exit_code) +
                                 "):\n" + seeded.out + seeded.err);
    }
    world.api_key = ReadCredentials(credentials)["GODDARD_API_KEY"];
    if (world.api_key.empty()) throw std::runtime_error("ticketing seed wrote no GODDARD_API_KEY");
    return world;
}

CtiRoute FindRoute(const Client& http, const Headers& auth) {
    CtiRoute route;
    route.category = FirstId(http, "/api/cti/categories", auth);
    route.type = FirstId(http, "/api/cti/types?categoryId=" + route.category, auth);
    route.item = FirstId(http, "/api/cti/items?typeId=" + route.type, auth);
    return route;
}

std::string Login(const Client& http, const std::string& username, const std::string& password) {
    const auto res =
        http.Post("/api/auth/login",
                  bj::serialize(bj::object{{"username", username}, {"password", password}}));
    if (res.status != 200) {
        throw std::runtime_error("login as " + username + " answered " +
                                 std::to_string(res.status) + " " + res.body);
    }
    return bj::value_to<std::string>(bj::parse(res.body).at("token"));
}

}  // namespace ticketing::testing::reliability
