#include "store/connection.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>

namespace ticketing::store {
namespace {

std::uint64_t NextSerial() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

Connection::Connection(std::unique_ptr<soci::session> session, Dialect dialect)
    : session_(std::move(session)), dialect_(dialect), serial_(NextSerial()) {}

Connection::~Connection() {
    // Statements must be finalised before their session closes.
    statements_.clear();
}

void Connection::ExecScript(std::string_view script) {
    const std::string text(script);
    if (dialect_ == Dialect::kSqlite) {
        auto* backend = static_cast<soci::sqlite3_session_backend*>(session_->get_backend());
        char* message = nullptr;
        const int rc = sqlite_api::sqlite3_exec(backend->conn_, text.c_str(), nullptr,
                                                      nullptr, &message);
        if (rc != SQLITE_OK) {
            const std::string what = message != nullptr ? message : "unknown error";
            sqlite_api::sqlite3_free(message);
            throw soci::sqlite3_soci_error(what, rc);
        }
        return;
    }
    auto* backend = static_cast<soci::postgresql_session_backend*>(session_->get_backend());
    PGresult* result = PQexec(backend->conn_, text.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        const std::string what = PQresultErrorMessage(result);
        const std::string sqlstate = state != nullptr ? state : "XX000";
        PQclear(result);
        if (PQstatus(backend->conn_) == CONNECTION_BAD) broken_ = true;
        throw soci::postgresql_soci_error(what, sqlstate.c_str());
    }
    PQclear(result);
}

void Connection::ResetBusyStatements() {
    if (dialect_ != Dialect::kSqlite) return;
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session_->get_backend());
    for (auto* stmt = sqlite_api::sqlite3_next_stmt(backend->conn_, nullptr); stmt != nullptr;
         stmt = sqlite_api::sqlite3_next_stmt(backend->conn_, stmt)) {
        if (sqlite_api::sqlite3_stmt_busy(stmt) != 0) sqlite_api::sqlite3_reset(stmt);
    }
}

void Connection::CheckHealth() {
    if (dialect_ != Dialect::kPostgres) return;
    auto* backend = static_cast<soci::postgresql_session_backend*>(session_->get_backend());
    if (backend->conn_ == nullptr || PQstatus(backend->conn_) == CONNECTION_BAD) broken_ = true;
}

void Connection::Reconnect() {
    statements_.clear();
    session_->reconnect();
    serial_ = NextSerial();
    broken_ = false;
}

}  // namespace ticketing::store
