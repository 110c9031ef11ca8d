#include "platform/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "platform/random.hpp"

extern char** environ;

namespace ticketing::platform {
namespace {

constexpr std::size_t kMinSecretBytes = 32;

[[noreturn]] void Invalid(const std::string& name, const std::string& why) {
    throw ConfigError("invalid setting " + name + ": " + why);
}

std::optional<std::string> Get(const Environment& env, const std::string& name) {
    const auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return std::nullopt;
    return it->second;
}

std::int64_t ParseInt(const std::string& name, const std::string& text, std::int64_t min,
                      std::int64_t max) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max) {
        Invalid(name, "must be a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", got '" + text + "'");
    }
    return value;
}

std::string NormaliseOrigin(const std::string& url) {
    std::string origin = url;
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    const auto scheme_end = origin.find("://");
    if (scheme_end == std::string::npos ||
        (origin.compare(0, scheme_end, "http") != 0 && origin.compare(0, scheme_end, "https") != 0)) {
        Invalid("CLIENT_URL", "must be an origin like https://tickets.example.com, got '" + url + "'");
    }
    if (origin.find('/', scheme_end + 3) != std::string::npos) {
        Invalid("CLIENT_URL", "must be an origin without a path, got '" + url + "'");
    }
    if (origin.size() == scheme_end + 3) Invalid("CLIENT_URL", "has no host: '" + url + "'");
    return origin;
}

}  // namespace

Environment ProcessEnvironment() {
    Environment env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string::npos) env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return env;
}

DatabaseUrl ParseDatabaseUrl(const std::string& url) {
    DatabaseUrl out;
    const auto starts = [&](std::string_view prefix) { return url.rfind(prefix, 0) == 0; };
    if (starts("postgres://") || starts("postgresql://")) {
        out.kind = DatabaseKind::kPostgres;
        out.postgres_conninfo = url;
        return out;
    }
    std::string path;
    if (starts("sqlite://")) {
        path = url.substr(9);
    } else if (starts("sqlite:")) {
        path = url.substr(7);
    } else if (starts("file:")) {
        path = url.substr(5);
    } else {
        Invalid("DATABASE_URL",
                "must start with postgres://, postgresql:// or sqlite: (got '" + url + "')");
    }
    if (path.empty()) Invalid("DATABASE_URL", "names no SQLite file: '" + url + "'");
    out.kind = DatabaseKind::kSqlite;
    out.sqlite_path = path;
    return out;
}

Config ParseConfig(const Environment& env, const ConfigOverrides& overrides) {
    Config c;
    const auto pick = [&](const std::optional<std::string>& flag, const std::string& name) {
        return flag ? flag : Get(env, name);
    };

    if (const auto env_name = Get(env, "TICKETING_ENV")) {
        if (*env_name != "production" && *env_name != "development") {
            Invalid("TICKETING_ENV", "must be 'production' or 'development', got '" + *env_name + "'");
        }
        c.production = *env_name == "production";
    } else if (const auto node_env = Get(env, "NODE_ENV")) {
        c.production = *node_env == "production";  // the original's deployments set NODE_ENV
    }

    if (const auto dir = pick(overrides.data_dir, "DATA_DIR")) c.data_dir = *dir;

    if (const auto url = pick(overrides.database_url, "DATABASE_URL")) {
        c.database = ParseDatabaseUrl(*url);
    } else {
        c.database.kind = DatabaseKind::kSqlite;
        c.database.sqlite_path = (std::filesystem::path(c.data_dir) / "ticketing.db").string();
    }

    if (const auto secret = Get(env, "JWT_SECRET")) {
        if (secret->size() < kMinSecretBytes) {
            Invalid("JWT_SECRET", "must be at least 32 bytes (got " + std::to_string(secret->size()) +
                                      "); generate one with: openssl rand -hex 64");
        }
        c.jwt_secret = *secret;
    }

    if (const auto origin = Get(env, "CLIENT_URL")) c.client_url = NormaliseOrigin(*origin);
    if (const auto host = pick(overrides.host, "HOST")) c.host = *host;
    if (const auto port = pick(overrides.port, "PORT")) {
        c.port = static_cast<std::uint16_t>(ParseInt("PORT", *port, 0, 65535));
    }
    if (const auto root = pick(overrides.web_root, "WEB_ROOT")) c.web_root = *root;

    if (const auto fmt = pick(overrides.log_format, "LOG_FORMAT")) {
        if (*fmt == "json") {
            c.log_format = LogFormat::kJson;
        } else if (*fmt == "text") {
            c.log_format = LogFormat::kText;
        } else {
            Invalid("LOG_FORMAT", "must be 'text' or 'json', got '" + *fmt + "'");
        }
    }
    if (const auto level = Get(env, "LOG_LEVEL")) {
        static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
        if (std::find(std::begin(kLevels), std::end(kLevels), *level) == std::end(kLevels)) {
            Invalid("LOG_LEVEL", "must be one of trace, debug, info, warn, error, off; got '" + *level + "'");
        }
        c.log_level = *level;
    }

    const auto cores = static_cast<std::int64_t>(std::max(1u, std::thread::hardware_concurrency()));
    c.io_threads = static_cast<int>(cores);
    if (const auto v = Get(env, "IO_THREADS")) c.io_threads = static_cast<int>(ParseInt("IO_THREADS", *v, 1, 64));
    c.worker_threads = static_cast<int>(std::max<std::int64_t>(4, 4 * cores));
    if (const auto v = Get(env, "WORKER_THREADS")) {
        c.worker_threads = static_cast<int>(ParseInt("WORKER_THREADS", *v, 1, 256));
    }
    c.write_threads = c.database.kind == DatabaseKind::kSqlite
                          ? static_cast<int>(std::min<std::int64_t>(64, 16 * cores))
                          : 0;
    if (const auto v = Get(env, "WRITE_THREADS")) {
        c.write_threads = static_cast<int>(ParseInt("WRITE_THREADS", *v, 0, 256));
    }
    if (const auto v = Get(env, "SQLITE_MMAP_MB")) {
        c.sqlite_mmap_bytes = ParseInt("SQLITE_MMAP_MB", *v, 0, 1 << 16) << 20;
    }
    if (const auto v = Get(env, "BODY_LIMIT_BYTES")) {
        c.body_limit = static_cast<std::size_t>(ParseInt("BODY_LIMIT_BYTES", *v, 1024, 64 << 20));
    }
    if (const auto v = Get(env, "JWT_TTL_HOURS")) {
        c.jwt_ttl_seconds = ParseInt("JWT_TTL_HOURS", *v, 1, 24 * 90) * 3600;
    }
    if (const auto v = Get(env, "AUTO_CLOSE_INTERVAL_SECONDS")) {
        c.auto_close_interval_seconds = ParseInt("AUTO_CLOSE_INTERVAL_SECONDS", *v, 1, 7 * 86400);
    }
    if (const auto v = Get(env, "EVENTS_HEARTBEAT_SECONDS")) {
        c.events_heartbeat_seconds = ParseInt("EVENTS_HEARTBEAT_SECONDS", *v, 1, 300);
    }
    if (const auto v = Get(env, "AUTO_CLOSE_DAYS")) {
        c.auto_close_after_days = ParseInt("AUTO_CLOSE_DAYS", *v, 1, 3650);
    }
    return c;
}

bool ResolveJwtSecret(Config& config) {
    if (!config.jwt_secret.empty()) return false;
    if (config.production) {
        Invalid("JWT_SECRET", "is required in production; generate one with: openssl rand -hex 64");
    }
    const std::filesystem::path path = std::filesystem::path(config.data_dir) / "jwt-secret";
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) Invalid("DATA_DIR", "cannot create '" + config.data_dir + "': " + ec.message());

    if (std::ifstream in{path}; in) {
        std::stringstream buf;
        buf << in.rdbuf();
        std::string secret = buf.str();
        while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
        if (secret.size() < kMinSecretBytes) {
            Invalid("JWT_SECRET", "the stored development secret " + path.string() +
                                      " is shorter than 32 bytes; delete it to make a new one");
        }
        config.jwt_secret = secret;
        config.jwt_secret_generated = true;
        return false;
    }

    const std::string secret = RandomHex(64);
    // O_EXCL + 0600: never widen permissions, never overwrite a secret another process just wrote.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        Invalid("JWT_SECRET", "cannot create " + path.string() + ": " + std::strerror(errno));
    }
    const std::string line = secret + "\n";
    const auto written = ::write(fd, line.data(), line.size());
    ::fsync(fd);
    ::close(fd);
    if (written != static_cast<ssize_t>(line.size())) {
        Invalid("JWT_SECRET", "could not write " + path.string());
    }
    config.jwt_secret = secret;
    config.jwt_secret_generated = true;
    return true;
}

}  // namespace ticketing::platform
