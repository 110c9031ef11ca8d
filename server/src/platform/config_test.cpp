#include "platform/config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "platform/random.hpp"

namespace ticketing::platform {
namespace {

Config Parse(const Environment& env, const ConfigOverrides& overrides = {}) {
    return ParseConfig(env, overrides);
}

std::string ErrorOf(const Environment& env) {
    try {
        Parse(env);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(Config, DefaultsToSqliteInTheDataDirectoryOnPort3000) {
    const Config c = Parse({});
    EXPECT_EQ(c.database.kind, DatabaseKind::kSqlite);
    EXPECT_EQ(c.database.sqlite_path, "./data/ticketing.db");
    EXPECT_EQ(c.port, 3000);
    EXPECT_TRUE(c.client_url.empty());
    EXPECT_FALSE(c.production);
}

TEST(Config, ReadsTheOriginalsVariables) {
    const Config c = Parse({{"DATABASE_URL", "postgresql://u:p@db:5432/ticketing"},
                            {"JWT_SECRET", std::string(64, 'a')},
                            {"CLIENT_URL", "https://tickets.example.com/"},
                            {"PORT", "3080"}});
    EXPECT_EQ(c.database.kind, DatabaseKind::kPostgres);
    EXPECT_EQ(c.database.postgres_conninfo, "postgresql://u:p@db:5432/ticketing");
    EXPECT_EQ(c.jwt_secret, std::string(64, 'a'));
    EXPECT_EQ(c.client_url, "https://tickets.example.com");
    EXPECT_EQ(c.port, 3080);
}

TEST(Config, FlagsWinOverTheEnvironment) {
    ConfigOverrides flags;
    flags.port = "4000";
    flags.database_url = "sqlite:/tmp/x.db";
    const Config c = Parse({{"PORT", "3000"}, {"DATABASE_URL", "postgres://h/db"}}, flags);
    EXPECT_EQ(c.port, 4000);
    EXPECT_EQ(c.database.sqlite_path, "/tmp/x.db");
}

TEST(Config, WritesGetTheirOwnThreadsOnSqliteOnly) {
    const Config sqlite = Parse({});
    EXPECT_GE(sqlite.write_threads, 16);
    EXPECT_LE(sqlite.write_threads, 64);
    EXPECT_EQ(Parse({{"DATABASE_URL", "postgresql://u:p@db:5432/t"}}).write_threads, 0)
        << "PostgreSQL writes share the workers, which its pool is sized by";
    EXPECT_EQ(Parse({{"WRITE_THREADS", "0"}}).write_threads, 0);
    EXPECT_EQ(Parse({{"WRITE_THREADS", "12"}, {"DATABASE_URL", "postgresql://u:p@db:5432/t"}}).write_threads, 12);
    EXPECT_NE(ErrorOf({{"WRITE_THREADS", "-1"}}).find("WRITE_THREADS"), std::string::npos);
}

TEST(Config, MemoryMappedSqliteReadsAreOffUnlessAskedFor) {
    EXPECT_EQ(Parse({}).sqlite_mmap_bytes, 0);
    EXPECT_EQ(Parse({{"SQLITE_MMAP_MB", "256"}}).sqlite_mmap_bytes, std::int64_t{256} << 20);
    EXPECT_EQ(Parse({{"SQLITE_MMAP_MB", "0"}}).sqlite_mmap_bytes, 0);
    EXPECT_NE(ErrorOf({{"SQLITE_MMAP_MB", "-1"}}).find("SQLITE_MMAP_MB"), std::string::npos);
    EXPECT_NE(ErrorOf({{"SQLITE_MMAP_MB", "lots"}}).find("SQLITE_MMAP_MB"), std::string::npos);
}

TEST(Config, InvalidSettingsNameTheSettingInOneLine) {
    EXPECT_NE(ErrorOf({{"PORT", "eighty"}}).find("PORT"), std::string::npos);
    EXPECT_NE(ErrorOf({{"PORT", "70000"}}).find("PORT"), std::string::npos);
    EXPECT_NE(ErrorOf({{"JWT_SECRET", "short"}}).find("JWT_SECRET"), std::string::npos);
    EXPECT_NE(ErrorOf({{"DATABASE_URL", "mysql://x"}}).find("DATABASE_URL"), std::string::npos);
    EXPECT_NE(ErrorOf({{"CLIENT_URL", "tickets.example.com"}}).find("CLIENT_URL"), std::string::npos);
    EXPECT_NE(ErrorOf({{"LOG_FORMAT", "xml"}}).find("LOG_FORMAT"), std::string::npos);
    for (const auto& message : {ErrorOf({{"PORT", "x"}}), ErrorOf({{"JWT_SECRET", "short"}})}) {
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

TEST(Config, A31ByteSecretIsRefusedAnd32Accepted) {
    EXPECT_FALSE(ErrorOf({{"JWT_SECRET", std::string(31, 's')}}).empty());
    EXPECT_TRUE(ErrorOf({{"JWT_SECRET", std::string(32, 's')}}).empty());
}

TEST(Config, DevelopmentGeneratesAStoredSecretOnceWithMode0600) {
    const auto dir = std::filesystem::temp_directory_path() / ("cfg-" + RandomHex(6));
    Config c = Parse({{"DATA_DIR", dir.string()}});
    EXPECT_TRUE(ResolveJwtSecret(c));
    EXPECT_GE(c.jwt_secret.size(), 64u);
    struct stat st {};
    ASSERT_EQ(::stat((dir / "jwt-secret").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    Config again = Parse({{"DATA_DIR", dir.string()}});
    EXPECT_FALSE(ResolveJwtSecret(again));  // loaded, not regenerated
    EXPECT_EQ(again.jwt_secret, c.jwt_secret);
    std::filesystem::remove_all(dir);
}

TEST(Config, ProductionRequiresAJwtSecret) {
    Config c = Parse({{"TICKETING_ENV", "production"}});
    EXPECT_THROW(ResolveJwtSecret(c), ConfigError);
}

}  // namespace
}  // namespace ticketing::platform
