#include "store/postgres_database.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <soci/postgresql/soci-postgresql.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "domain/errors.hpp"
#include "store/db_error.hpp"

namespace ticketing::store {
namespace {

constexpr int kMaxWriteAttempts = 5;

// libpq settings added to DATABASE_URL unless it names them: a connection attempt to a host that
// does not answer gives up after a few seconds instead of holding a worker, and keepalives notice
// a peer that vanished without closing the connection.
constexpr std::pair<const char*, const char*> kConnectionDefaults[] = {
    {"connect_timeout", "3"},      {"keepalives", "1"},        {"keepalives_idle", "30"},
    {"keepalives_interval", "10"}, {"keepalives_count", "3"}, {"application_name", "ticketing"},
};

void AppendKeyword(std::string& out, const char* keyword, const char* value) {
    if (!out.empty()) out += ' ';
    out += keyword;
    out += "='";
    for (const char* c = value; *c != '\0'; ++c) {
        if (*c == '\'' || *c == '\\') out += '\\';
        out += *c;
    }
    out += '\'';
}

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
    std::set<std::string, std::less<>> given;
    for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
        if (o->val == nullptr || *o->val == '\0') continue;
        AppendKeyword(out, o->keyword, o->val);
        given.emplace(o->keyword);
    }
    for (const auto& [keyword, value] : kConnectionDefaults) {
        if (!given.contains(keyword)) AppendKeyword(out, keyword, value);
    }
    PQconninfoFree(options);
    return out;
}

PGconn* NativeHandle(Connection& connection) {
    return static_cast<soci::postgresql_session_backend*>(connection.sql().get_backend())->conn_;
}

// Checked when an idle connection is checked out. An idle session receives nothing unless the
// server is going away (it sends a FATAL message, then closes), so a readable socket means a
// database restart killed it: replace it before a request fails on it. Never blocks.
bool IdleConnectionAlive(Connection& connection) {
    PGconn* conn = NativeHandle(connection);
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK ||
        PQtransactionStatus(conn) != PQTRANS_IDLE) {
        return false;
    }
    pollfd fd{PQsocket(conn), POLLIN, 0};
    return ::poll(&fd, 1, 0) == 0;
}

// Rethrows the exception being handled for the caller. A failure on a connection that is gone
// means "unavailable" whatever the error says: libpq reports a dropped connection without an
// SQLSTATE, which would otherwise read as an unknown error (a 500).
[[noreturn]] void RethrowFailure(const Connection& conn, const std::exception& error) {
    if (conn.broken()) {
        throw domain::Error(domain::Errc::kUnavailable, "The database is unavailable; retry shortly")
            .WithRetryAfter(2);
    }
    RethrowAsDomainError(error);
}

void RollbackQuietly(Connection& conn) {
    try {
        conn.ExecScript("ROLLBACK");
    } catch (const std::exception&) {
        conn.CheckHealth();
    }
}

}  // namespace

PostgresDatabase::PostgresDatabase(std::string conninfo, const DatabaseOptions& options)
    : conninfo_(KeywordConninfo(conninfo)),
      options_(options),
      pool_(static_cast<std::size_t>(options.read_connections), [this] { return OpenConnection(); },
            std::chrono::milliseconds(options.busy_timeout_ms), IdleConnectionAlive),
      notifier_(conninfo_) {}

std::unique_ptr<Connection> PostgresDatabase::OpenConnection() const {
    auto session = std::make_unique<soci::session>(*soci::factory_postgresql(), conninfo_);
    auto connection = std::make_unique<Connection>(std::move(session), Dialect::kPostgres);
    // Bound every statement so a stuck query cannot hold a worker forever. The last setting
    // tells the schema that this binary's ticket INSERT writes the search row itself, so the
    // trigger kept for other writers skips it (migration postgres/0007).
    connection->ExecScript(
        "SET statement_timeout = '30s'; SET lock_timeout = '10s'; "
        "SET ticketing.inserts_search_rows = 'on';");
    return connection;
}

void PostgresDatabase::RunRead(platform::FunctionRef<void(Tx&)> fn) {
    if (NoWait()) {
        // On an I/O thread no statement may run (each is a network round trip), but a read that
        // needs none completes here: a cached page, named by the snapshot its request brought
        // (store/snapshot_feed.hpp). The first statement throws WouldBlock.
        Connection none(nullptr, Dialect::kPostgres);
        Tx tx(none);
        fn(tx);
        return;
    }
    auto lease = pool_.Acquire();
    try {
        Tx tx(*lease);
        fn(tx);
    } catch (const domain::Error&) {
        throw;
    } catch (const std::exception& e) {
        lease->CheckHealth();
        lease->ResetStatements();
        RethrowFailure(*lease, e);
    }
}

void PostgresDatabase::RunWrite(platform::FunctionRef<void(Tx&)> fn) {
    for (int attempt = 1;; ++attempt) {
        auto lease = pool_.Acquire();
        bool commit_sent = false;
        try {
            lease->ExecScript("BEGIN");
            Tx tx(*lease);
            {
                const WriteScope scope(this, tx);  // nested Write/Read calls join this transaction
                fn(tx);
            }
            commit_sent = true;
            lease->ExecScript("COMMIT");
            if (tx.events_recorded()) notifier_.Poke();
            return;
        } catch (const domain::Error&) {
            RollbackQuietly(*lease);
            throw;
        } catch (const std::exception& e) {
            lease->CheckHealth();
            if (!lease->broken()) RollbackQuietly(*lease);
            lease->ResetStatements();
            const DbFailure failure = lease->broken() ? DbFailure::kConnectionLost : ClassifyDbError(e);
            if (failure == DbFailure::kSerialization && attempt < kMaxWriteAttempts) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt));
                continue;
            }
            // The server dropped the connection before COMMIT, so it rolled the transaction
            // back: run it once more on a fresh connection. A COMMIT cut off has an unknown
            // outcome and is never repeated; the caller gets a 503.
            if (failure == DbFailure::kConnectionLost && !commit_sent && attempt == 1) {
                lease->MarkBroken();
                continue;
            }
            RethrowFailure(*lease, e);
        }
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
