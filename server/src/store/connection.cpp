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
    FinalizeKept();
}

void Connection::FinalizeKept() {
    for (auto& [text, stmt] : kept_) {
        sqlite_api::sqlite3_finalize(static_cast<sqlite_api::sqlite3_stmt*>(stmt));
    }
    kept_.clear();
}

void Connection::ExecKept(const char* statement) {
    if (dialect_ != Dialect::kSqlite) {
        ExecScript(statement);
        return;
    }
    auto* db = static_cast<soci::sqlite3_session_backend*>(session_->get_backend())->conn_;
    sqlite_api::sqlite3_stmt* stmt = nullptr;
    for (const auto& [text, kept] : kept_) {
        if (text == statement) stmt = static_cast<sqlite_api::sqlite3_stmt*>(kept);
    }
    if (stmt == nullptr) {
        const int rc = sqlite_api::sqlite3_prepare_v3(db, statement, -1, SQLITE_PREPARE_PERSISTENT,
                                                      &stmt, nullptr);
        if (rc != SQLITE_OK) throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(db), rc);
        kept_.emplace_back(statement, stmt);
    }
    const int rc = sqlite_api::sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        const std::string what = sqlite_api::sqlite3_errmsg(db);
        sqlite_api::sqlite3_reset(stmt);
        throw soci::sqlite3_soci_error(what, rc);
    }
    sqlite_api::sqlite3_reset(stmt);
}

void Connection::ExecScript(std::string_view script) {
    if (!session_) throw WouldBlock{};
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
    FinalizeKept();
    session_->reconnect();
    serial_ = NextSerial();
    broken_ = false;
}

}  // namespace ticketing::store
