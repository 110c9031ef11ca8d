#include "store/postgres_database.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "domain/errors.hpp"
#include "store/db_error.hpp"

namespace ticketing::store {
namespace {

constexpr int kMaxWriteAttempts = 5;

// SOCI 4.0's PostgreSQL backend re-tokenises its connection string as `key=value` pairs and
// mangles a postgres:// URL (it asked for database "name="). libpq parses the URL for us; we
// hand SOCI the keyword form.
std::string KeywordConninfo(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
        const std::string why = error != nullptr ? error : "unparseable";
        PQfreemem(error);
        throw std::runtime_error("DATABASE_URL is not a valid PostgreSQL URL: " + why);
    }
    std::string out;
    for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
        if (o->val == nullptr || *o->val == '\0') continue;
        if (!out.empty()) out += ' ';
        out += o->keyword;
        out += "='";
        for (const char* c = o->val; *c != '\0'; ++c) {
            if (*c == '\'' || *c == '\\') out += '\\';
            out += *c;
        }
        out += '\'';
    }
    PQconninfoFree(options);
    return out;
}

void RollbackQuietly(Connection& conn) {
    try {
        conn.ExecScript("ROLLBACK");
    } catch (const std::exception&) {
        conn.CheckHealth();
    }
}

class PostgresReadLease final : public ReadLease {
public:
    explicit PostgresReadLease(ConnectionPool::Lease lease) : lease_(std::move(lease)), tx_(*lease_) {
        lease_->ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }
    ~PostgresReadLease() override {
        try {
            lease_->ExecScript("COMMIT");
        } catch (const std::exception& e) {
            lease_->CheckHealth();
            spdlog::warn("ending a read snapshot failed: {}", e.what());
        }
    }
    PostgresReadLease(const PostgresReadLease&) = delete;
    PostgresReadLease& operator=(const PostgresReadLease&) = delete;
    [[nodiscard]] Tx& tx() override { return tx_; }

private:
    ConnectionPool::Lease lease_;
    Tx tx_;
};

}  // namespace

PostgresDatabase::PostgresDatabase(std::string conninfo, const DatabaseOptions& options)
    : conninfo_(std::move(conninfo)),
      options_(options),
      pool_(static_cast<std::size_t>(options.read_connections), [this] { return OpenConnection(); },
            std::chrono::milliseconds(options.busy_timeout_ms)) {}

std::unique_ptr<Connection> PostgresDatabase::OpenConnection() const {
    auto session = std::make_unique<soci::session>(*soci::factory_postgresql(), KeywordConninfo(conninfo_));
    auto connection = std::make_unique<Connection>(std::move(session), Dialect::kPostgres);
    // Bound every statement so a stuck query cannot hold a worker forever.
    connection->ExecScript("SET statement_timeout = '30s'; SET lock_timeout = '10s';");
    return connection;
}

void PostgresDatabase::RunRead(platform::FunctionRef<void(Tx&)> fn) {
    auto lease = pool_.Acquire();
    try {
        Tx tx(*lease);
        fn(tx);
    } catch (const domain::Error&) {
        throw;
    } catch (const std::exception& e) {
        lease->CheckHealth();
        lease->ResetStatements();
        RethrowAsDomainError(e);
    }
}

void PostgresDatabase::RunWrite(platform::FunctionRef<void(Tx&)> fn) {
    for (int attempt = 1;; ++attempt) {
        auto lease = pool_.Acquire();
        try {
            lease->ExecScript("BEGIN");
            Tx tx(*lease);
            fn(tx);
            lease->ExecScript("COMMIT");
            return;
        } catch (const domain::Error&) {
            RollbackQuietly(*lease);
            throw;
        } catch (const std::exception& e) {
            lease->CheckHealth();
            if (!lease->broken()) RollbackQuietly(*lease);
            lease->ResetStatements();
            const DbFailure failure = ClassifyDbError(e);
            if (failure == DbFailure::kSerialization && attempt < kMaxWriteAttempts) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt));
                continue;
            }
            RethrowAsDomainError(e);
        }
    }
}

std::unique_ptr<ReadLease> PostgresDatabase::LeaseForRead() {
    auto lease = pool_.Acquire();
    try {
        return std::make_unique<PostgresReadLease>(std::move(lease));
    } catch (const std::exception& e) {
        RethrowAsDomainError(e);
    }
}

void PostgresDatabase::RunExclusive(platform::FunctionRef<void(Connection&)> fn) {
    auto lease = pool_.Acquire();
    try {
        fn(*lease);
    } catch (const std::exception&) {
        lease->CheckHealth();
        lease->ResetStatements();
        throw;
    }
}

void PostgresDatabase::Ping() {
    Read([](Tx& tx) { tx.connection().ExecScript("SELECT 1"); });
}

}  // namespace ticketing::store
