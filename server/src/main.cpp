// The `ticketing` command: serve, migrate, seed, backup.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "app/events.hpp"
#include "app/seed.hpp"
#include "domain/errors.hpp"
#include "http/server.hpp"
#include "platform/config.hpp"
#include "platform/file_limit.hpp"
#include "platform/heap.hpp"
#include "platform/logging.hpp"
#include "platform/version.hpp"
#include "runtime/runtime.hpp"
#include "store/backup.hpp"
#include "store/migrator.hpp"

namespace {

using ticketing::platform::Config;
using ticketing::platform::ConfigOverrides;

void AddDatabaseFlag(CLI::App* command, ConfigOverrides& overrides) {
    command->add_option("--database-url", overrides.database_url,
                        "postgres://… or sqlite:<path> (default: $DATABASE_URL, else "
                        "sqlite:./data/ticketing.db)");
    command->add_option("--data-dir", overrides.data_dir,
                        "where the default SQLite file and the development JWT secret live "
                        "(default: $DATA_DIR, else ./data)");
}

Config LoadConfig(const ConfigOverrides& overrides) {
    Config config = ticketing::platform::ParseConfig(ticketing::platform::ProcessEnvironment(), overrides);
    ticketing::platform::SetupLogging(config.log_format, config.log_level);
    return config;
}

std::unique_ptr<ticketing::store::Database> OpenDatabase(const Config& config) {
    ticketing::store::DatabaseOptions options;
    options.read_connections = 2;
    return ticketing::store::Database::Open(config.database, options);
}

// A test-only switch from the environment: nullopt when unset; refused in production, where
// only the reliability tests' own servers (docs/reliability.md) may ever see one.
std::optional<std::string> TestSwitch(const Config& config, const char* name) {
    const auto env = ticketing::platform::ProcessEnvironment();
    const auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return std::nullopt;
    if (config.production) {
        throw ticketing::platform::ConfigError(std::string(name) +
                                               ": a test-only switch, refused in production");
    }
    return it->second;
}

// The crash-loop test's negative control: SQLite acknowledges writes before their COMMIT, so a
// crash loses acknowledged writes and the test must notice.
bool UnsafeAckBeforeCommit(const Config& config) {
    const auto value = TestSwitch(config, "TICKETING_UNSAFE_ACK_BEFORE_COMMIT");
    if (!value) return false;
    if (*value != "1") {
        throw ticketing::platform::ConfigError("TICKETING_UNSAFE_ACK_BEFORE_COMMIT: must be 1 or unset");
    }
    spdlog::critical("TICKETING_UNSAFE_ACK_BEFORE_COMMIT=1: SQLite writes are acknowledged BEFORE "
                     "they are committed and a crash loses them (test-only negative control)");
    return true;
}

// REL-12's window: every write waits after its COMMIT, so the test can kill the server between
// the commit and the response and then prove the retry creates nothing twice.
int PauseAfterCommitMs(const Config& config) {
    const auto value = TestSwitch(config, "TICKETING_TEST_PAUSE_AFTER_COMMIT_MS");
    if (!value) return 0;
    int ms = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), ms);
    if (error != std::errc{} || end != value->data() + value->size() || ms < 0 || ms > 60000) {
        throw ticketing::platform::ConfigError(
            "TICKETING_TEST_PAUSE_AFTER_COMMIT_MS: must be a whole number of milliseconds, 0 to 60000");
    }
    spdlog::critical("TICKETING_TEST_PAUSE_AFTER_COMMIT_MS={}: every write waits after its commit "
                     "(test-only)", ms);
    return ms;
}

int Serve(const ConfigOverrides& overrides) {
    Config config = LoadConfig(overrides);
    if (ticketing::platform::ResolveJwtSecret(config)) {
        spdlog::warn("JWT_SECRET is not set: generated a development secret in {}/jwt-secret "
                     "(set JWT_SECRET in production)", config.data_dir);
    } else if (config.jwt_secret_generated) {
        spdlog::warn("JWT_SECRET is not set: using the development secret in {}/jwt-secret",
                     config.data_dir);
    }

    ticketing::platform::KeepFreedHeapForReuse();

    // Block the stop signals before any thread starts, so only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // Descriptors for the connection cap plus database files, pools and logs (file_limit.hpp).
    const std::uint64_t cap = ticketing::http::ServerOptions{}.max_connections;
    const std::uint64_t files = ticketing::platform::RaiseOpenFileLimit(4 * cap);
    if (files < cap + 64) {
        spdlog::warn("open-file limit is {} (hard limit): below the connection cap of {} plus 64, so a "
                     "flood of connections runs out of descriptors before the cap sheds it; raise "
                     "LimitNOFILE / ulimit -n", files, cap);
    }

    ticketing::runtime::RuntimeOptions options;
    options.config = config;
    options.database.unsafe_ack_before_commit = UnsafeAckBeforeCommit(config);
    options.database.test_pause_after_commit_ms = PauseAfterCommitMs(config);
    ticketing::runtime::Runtime runtime(options);
    const auto port = runtime.Start();
    spdlog::info("ticketing {} listening on http://{}:{} ({})", ticketing::platform::kVersion,
                 config.host, port,
                 config.database.kind == ticketing::platform::DatabaseKind::kSqlite
                     ? "SQLite " + config.database.sqlite_path
                     : std::string("PostgreSQL"));

    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("received {}: finishing requests in flight", received == SIGINT ? "SIGINT" : "SIGTERM");
    runtime.Shutdown(std::chrono::seconds(10));
    spdlog::info("stopped");
    spdlog::shutdown();
    return 0;
}

int Migrate(const ConfigOverrides& overrides) {
    const Config config = LoadConfig(overrides);
    auto db = OpenDatabase(config);
    const auto applied = ticketing::store::Migrator(*db).Apply();
    const auto state = ticketing::store::Migrator(*db).State();
    for (const auto& name : applied) std::cout << "applied " << name << "\n";
    std::cout << "schema at version " << state.current << (applied.empty() ? " (up to date)" : "") << "\n";
    db->Shutdown();
    return 0;
}

void WriteCredentialsFile(const std::string& path, const ticketing::app::SeedResult& result) {
    if (path.empty() || (!result.admin_password && !result.goddard_api_key)) return;
    const mode_t old = umask(077);
    std::ofstream out(path, std::ios::app);
    umask(old);
    if (result.admin_password) out << "ADMIN_PASSWORD=" << *result.admin_password << "\n";
    if (result.goddard_api_key) out << "GODDARD_API_KEY=" << *result.goddard_api_key << "\n";
}

int Seed(const ConfigOverrides& overrides, const std::string& credentials_file, bool if_empty) {
    const Config config = LoadConfig(overrides);
    auto db = OpenDatabase(config);
    ticketing::store::Migrator(*db).Apply();
    const ticketing::platform::SystemClock clock;
    ticketing::app::NullEventSink events;
    const auto env = ticketing::platform::ProcessEnvironment();
    const auto it = env.find("ADMIN_PASSWORD");
    const std::optional<std::string> admin_password =
        it != env.end() && !it->second.empty() ? std::optional(it->second) : std::nullopt;
    const auto result = ticketing::app::Seed({*db, clock, events}, admin_password, if_empty);
    db->Shutdown();
    if (result.skipped) {
        std::cout << "The database already has accounts: nothing seeded.\n";
        return 0;
    }

    std::cout << "Seed complete (" << result.cti_created << " CTI entries added).\n";
    if (result.admin_created) {
        if (result.admin_password) {
            std::cout << "\n  Admin login:      admin / " << *result.admin_password
                      << "\n                    (generated; shown this once - store it now, or set "
                         "ADMIN_PASSWORD before seeding)\n";
        } else {
            std::cout << "\n  Admin login:      admin / (the ADMIN_PASSWORD you set)\n";
        }
    } else {
        std::cout << "  Admin user already exists: left unchanged.\n";
    }
    if (result.goddard_api_key) {
        std::cout << "  Goddard API key:  " << *result.goddard_api_key
                  << "\n                    (shown this once - copy it now; regenerate it under "
                     "Admin > Users)\n\n";
    } else {
        std::cout << "  Goddard service account already exists: its API key is unchanged.\n";
    }
    WriteCredentialsFile(credentials_file, result);
    return 0;
}

int Backup(const ConfigOverrides& overrides, const std::string& output) {
    const Config config = LoadConfig(overrides);
    auto db = OpenDatabase(config);
    ticketing::store::BackupTo(*db, output);
    db->Shutdown();
    std::cout << "backup written to " << output << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"TicketingSystem server: tickets routed by Category > Type > Item, with an audit log "
                 "of every change.\nSettings come from the environment (DATABASE_URL, JWT_SECRET, "
                 "CLIENT_URL, PORT, ...) and the flags below."};
    cli.set_version_flag("--version", std::string("ticketing ") + ticketing::platform::kVersion);
    cli.require_subcommand(1);

    ConfigOverrides overrides;
    auto* serve = cli.add_subcommand("serve", "Migrate the database and serve the API and web app");
    AddDatabaseFlag(serve, overrides);
    serve->add_option("--port", overrides.port, "TCP port (default: $PORT, else 3000; 0 = any)");
    serve->add_option("--host", overrides.host, "address to bind (default: $HOST, else 0.0.0.0)");
    serve->add_option("--web-root", overrides.web_root,
                      "the built web app (default: $WEB_ROOT, else ./web/dist if present)");
    serve->add_option("--log-format", overrides.log_format, "text or json (default: $LOG_FORMAT)");

    auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
    AddDatabaseFlag(migrate, overrides);

    std::string credentials_file;
    auto* seed = cli.add_subcommand(
        "seed", "Create the admin user, the goddard service account and sample CTI (idempotent)");
    AddDatabaseFlag(seed, overrides);
    seed->add_option("--credentials-file", credentials_file,
                     "also append generated credentials to this file (mode 0600)");
    bool if_empty = false;
    seed->add_flag("--if-empty", if_empty, "seed only a database without any accounts");

    std::string backup_output;
    auto* backup = cli.add_subcommand("backup", "Write a consistent copy of a live SQLite database");
    AddDatabaseFlag(backup, overrides);
    backup->add_option("--output,-o", backup_output, "file to write")->required();

    CLI11_PARSE(cli, argc, argv);
    try {
        if (*serve) return Serve(overrides);
        if (*migrate) return Migrate(overrides);
        if (*seed) return Seed(overrides, credentials_file, if_empty);
        if (*backup) return Backup(overrides, backup_output);
    } catch (const ticketing::platform::ConfigError& e) {
        std::cerr << "ticketing: " << e.what() << "\n";
        return 2;
    } catch (const ticketing::domain::Error& e) {
        std::cerr << "ticketing: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "ticketing: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
