#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "http_client.hpp"
#include "platform/clock.hpp"
#include "platform/config.hpp"
#include "runtime/runtime.hpp"

namespace ticketing::testing {

inline constexpr const char* kAdminPassword = "admin-password-for-tests";
inline constexpr const char* kJwtSecret = "test-secret-0123456789abcdef0123456789abcdef";

// True when the suite runs against PostgreSQL (TICKETING_TEST_DB=postgres, with
// TICKETING_TEST_PG_URL naming a server started by scripts/test-postgres.sh).
[[nodiscard]] bool UsingPostgres();

// A throwaway database for one test: a temp SQLite file, or a fresh PostgreSQL database that is
// dropped afterwards.
class TestDatabase {
public:
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    [[nodiscard]] const platform::DatabaseUrl& url() const { return url_; }
    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
    [[nodiscard]] bool postgres() const { return !pg_name_.empty(); }

private:
    std::filesystem::path dir_;
    platform::DatabaseUrl url_;
    std::string pg_name_;
};

struct TestServerOptions {
    const platform::Clock* clock = nullptr;
    bool start_jobs = false;
    // Applied on top of the test defaults (e.g. {"CLIENT_URL", "https://app.example"}).
    platform::Environment env;
    // Share another server's database (several instances on one PostgreSQL).
    const TestDatabase* shared_database = nullptr;
};

// The real server, in process, on 127.0.0.1 and a free port, with a seeded database
// (admin / kAdminPassword, goddard, sample CTI).
class TestServer {
public:
    explicit TestServer(TestServerOptions options = {});
    ~TestServer();

    [[nodiscard]] std::uint16_t port() const { return port_; }
    [[nodiscard]] HttpClient client() const { return HttpClient(port_); }
    [[nodiscard]] runtime::Runtime& runtime() { return *runtime_; }
    [[nodiscard]] const std::string& goddard_key() const { return goddard_key_; }
    [[nodiscard]] const TestDatabase& database() const { return *database_; }
    [[nodiscard]] const platform::Config& config() const { return config_; }
    void Stop();

private:
    std::unique_ptr<TestDatabase> owned_database_;
    const TestDatabase* database_ = nullptr;
    platform::Config config_;
    std::unique_ptr<runtime::Runtime> runtime_;
    std::uint16_t port_ = 0;
    std::string goddard_key_;
};

}  // namespace ticketing::testing
