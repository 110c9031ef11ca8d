#include "test_server.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <stdexcept>

#include "app/events.hpp"
#include "app/seed.hpp"
#include "platform/logging.hpp"
#include "platform/random.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"

namespace ticketing::testing {
namespace {

std::string Env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// Runs one statement on the PostgreSQL server's maintenance connection.
void PgAdmin(const std::string& sql) {
    const std::string url = Env("TICKETING_TEST_PG_URL");
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string why = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot reach the test PostgreSQL at " + url + ": " + why);
    }
    PGresult* result = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string why = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error(sql + ": " + why);
}

// The admin URL with its database name replaced.
std::string WithDatabase(const std::string& url, const std::string& name) {
    const auto authority = url.find("://");
    const auto slash = url.find('/', authority + 3);
    const auto query = url.find('?', authority + 3);
    const std::string base = url.substr(0, slash == std::string::npos ? query : slash);
    return base + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

void QuietLogs() {
    static const bool done = [] {
        const std::string level = Env("TEST_LOG_LEVEL");
        platform::SetupLogging(platform::LogFormat::kText, level.empty() ? "warn" : level);
        return true;
    }();
    (void)done;
}

}  // namespace

bool UsingPostgres() { return Env("TICKETING_TEST_DB") == "postgres"; }

TestDatabase::TestDatabase() {
    dir_ = std::filesystem::temp_directory_path() / ("ticketing-test-" + platform::RandomHex(8));
    std::filesystem::create_directories(dir_);
    if (UsingPostgres()) {
        pg_name_ = "t_" + platform::RandomHex(8);
        PgAdmin("CREATE DATABASE " + pg_name_);
        url_ = platform::ParseDatabaseUrl(WithDatabase(Env("TICKETING_TEST_PG_URL"), pg_name_));
        return;
    }
    url_ = platform::ParseDatabaseUrl("sqlite:" + (dir_ / "test.db").string());
}

TestDatabase::~TestDatabase() {
    if (!pg_name_.empty()) {
        try {
            PgAdmin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
        } catch (const std::exception& e) {
            ADD_FAILURE() << e.what();
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

TestServer::TestServer(TestServerOptions options) {
    QuietLogs();
    if (options.shared_database != nullptr) {
        database_ = options.shared_database;
    } else {
        owned_database_ = std::make_unique<TestDatabase>();
        database_ = owned_database_.get();
    }

    platform::Environment env = {
        {"JWT_SECRET", kJwtSecret},
        {"PORT", "0"},
        {"HOST", "127.0.0.1"},
        {"DATA_DIR", database_->dir().string()},
        {"WORKER_THREADS", "4"},
        {"IO_THREADS", "1"},
    };
    for (const auto& [key, value] : options.env) env[key] = value;
    config_ = platform::ParseConfig(env, {});
    config_.database = database_->url();

    if (options.shared_database == nullptr) {
        store::DatabaseOptions db_options;
        db_options.read_connections = 2;
        auto db = store::Database::Open(config_.database, db_options);
        store::Migrator(*db).Apply();
        const platform::SystemClock system_clock;
        const platform::Clock& clock = options.clock != nullptr ? *options.clock : system_clock;
        app::NullEventSink events;
        const auto seeded = app::Seed({*db, clock, events}, std::string(kAdminPassword));
        goddard_key_ = seeded.goddard_api_key.value_or("");
        db->Shutdown();
    }

    runtime::RuntimeOptions runtime_options;
    runtime_options.config = config_;
    runtime_options.clock = options.clock;
    runtime_options.start_jobs = options.start_jobs;
    runtime_ = std::make_unique<runtime::Runtime>(runtime_options);
    port_ = runtime_->Start();
}

TestServer::~TestServer() { Stop(); }

void TestServer::Stop() {
    if (runtime_) runtime_->Shutdown(std::chrono::seconds(5));
}

}  // namespace ticketing::testing
