#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "history.hpp"
#include "process.hpp"
#include "raw_http.hpp"
#include "test_server.hpp"

namespace ticketing::testing::reliability {

// A fresh database for one test (a SQLite file, or a PostgreSQL database of its own when
// TICKETING_TEST_DB=postgres), seeded by the real `ticketing seed`, and the environment that
// `ticketing serve` runs with on it.
struct World {
    std::unique_ptr<TestDatabase> database;
    std::filesystem::path dir;
    Env server_env;
    std::string admin_password;
    std::string api_key;  // the goddard service account's X-Api-Key

    [[nodiscard]] bool postgres() const { return database->postgres(); }
    [[nodiscard]] Headers KeyHeader() const { return {{"X-Api-Key", api_key}}; }
};

[[nodiscard]] World MakeWorld();

// The `ticketing` binary of this build (CMake passes its path), or $RELIABILITY_TICKETING_BIN.
[[nodiscard]] std::filesystem::path TicketingBinary();
// The directory holding this test's committed data (request templates, the JSON corpus).
[[nodiscard]] std::filesystem::path DataDir();

// The first category › type › item of the seeded CTI tree.
[[nodiscard]] CtiRoute FindRoute(const Client& http, const Headers& auth);
// A JWT for username/password (POST /api/auth/login).
[[nodiscard]] std::string Login(const Client& http, const std::string& username,
                                const std::string& password);

// An integer from the environment, or `fallback` when it is unset.
[[nodiscard]] int EnvInt(const char* name, int fallback);

}  // namespace ticketing::testing::reliability
