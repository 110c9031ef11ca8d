#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace ticketing::platform {

enum class LogFormat { kText, kJson };
enum class DatabaseKind { kSqlite, kPostgres };

struct DatabaseUrl {
    DatabaseKind kind = DatabaseKind::kSqlite;
    std::string sqlite_path;       // kSqlite
    std::string postgres_conninfo;  // kPostgres: the URL as libpq takes it
};

struct Config {
    DatabaseUrl database;
    std::string jwt_secret;
    bool jwt_secret_generated = false;  // development mode made one up (and stored it)
    std::string client_url;             // the one CORS origin, no trailing slash; empty = none
    std::string host = "0.0.0.0";
    std::uint16_t port = 3000;
    std::string data_dir = "./data";
    std::string web_root;  // built SPA; empty = API only
    bool production = false;
    LogFormat log_format = LogFormat::kText;
    std::string log_level = "info";
    std::size_t body_limit = 1024 * 1024;
    int io_threads = 2;
    int worker_threads = 8;
    // Threads for requests that change data (POST, PUT, PATCH, DELETE); 0 = they share the
    // workers. SQLite only by default: there such a thread mostly waits for its group commit,
    // and more waiting writes make bigger groups (docs/architecture.md).
    int write_threads = 0;
    // SQLITE_MMAP_MB: how much of the database file each SQLite reader may read through a memory
    // mapping instead of read() into its page cache. 0 (the default) maps nothing: mapped pages
    // count in RSS once per reader, and a failed disk read becomes SIGBUS (docs/operations.md).
    std::int64_t sqlite_mmap_bytes = 0;
    std::int64_t jwt_ttl_seconds = 12 * 3600;
    std::int64_t auto_close_interval_seconds = 3600;
    std::int64_t auto_close_after_days = 14;
    std::int64_t events_heartbeat_seconds = 15;  // GET /api/events keep-alive comment
};

// Raised for a setting that cannot be used; the message is one line naming the setting.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Command-line values; each engaged one wins over the environment.
struct ConfigOverrides {
    std::optional<std::string> database_url;
    std::optional<std::string> host;
    std::optional<std::string> port;
    std::optional<std::string> web_root;
    std::optional<std::string> data_dir;
    std::optional<std::string> log_format;
};

using Environment = std::map<std::string, std::string>;

// Reads the process environment for the variables Config knows.
Environment ProcessEnvironment();

// Parses and validates every setting. Does not touch the disk: the development JWT secret is
// resolved separately by ResolveJwtSecret so parsing stays a pure function.
Config ParseConfig(const Environment& env, const ConfigOverrides& overrides);

[[nodiscard]] DatabaseUrl ParseDatabaseUrl(const std::string& url);

// With no JWT_SECRET in development, loads or creates <data_dir>/jwt-secret (mode 0600) and
// returns true if it was created. In production a missing secret is a ConfigError.
bool ResolveJwtSecret(Config& config);

}  // namespace ticketing::platform
