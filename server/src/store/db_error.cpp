#include "store/db_error.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <string>

#include "domain/errors.hpp"

namespace ticketing::store {
namespace {

DbFailure ClassifySqlite(int code) {
    switch (code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return DbFailure::kUniqueViolation;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return DbFailure::kForeignKeyViolation;
        default:
            break;
    }
    switch (code & 0xFF) {
        case SQLITE_CONSTRAINT:
            return DbFailure::kConstraintViolation;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return DbFailure::kBusy;
        case SQLITE_FULL:
            return DbFailure::kDiskFull;
        case SQLITE_READONLY:
            return DbFailure::kReadOnly;
        case SQLITE_IOERR:
        case SQLITE_CORRUPT:
        case SQLITE_CANTOPEN:
            return DbFailure::kIo;
        default:
            return DbFailure::kOther;
    }
}

DbFailure ClassifyPostgres(const std::string& state) {
    if (state == "23505") return DbFailure::kUniqueViolation;
    if (state == "23503") return DbFailure::kForeignKeyViolation;
    if (state.rfind("23", 0) == 0) return DbFailure::kConstraintViolation;
    if (state == "40001" || state == "40P01") return DbFailure::kSerialization;
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03") {
        return DbFailure::kConnectionLost;
    }
    if (state == "53100") return DbFailure::kDiskFull;
    if (state.rfind("53", 0) == 0 || state == "55P03") return DbFailure::kBusy;
    if (state == "25006") return DbFailure::kReadOnly;
    return DbFailure::kOther;
}

}  // namespace

DbFailure ClassifyDbError(const std::exception& error) {
    if (const auto* e = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
        return ClassifySqlite(e->result());
    }
    if (const auto* e = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
        return ClassifyPostgres(e->sqlstate());
    }
    if (const auto* e = dynamic_cast<const soci::soci_error*>(&error)) {
        if (e->get_error_category() == soci::soci_error::connection_error) {
            return DbFailure::kConnectionLost;
        }
        if (e->get_error_category() == soci::soci_error::constraint_violation) {
            return DbFailure::kConstraintViolation;
        }
        // SOCI's PostgreSQL backend reports a dead connection as a plain soci_error.
        const std::string what = e->what();
        if (what.find("server closed the connection") != std::string::npos ||
            what.find("no connection to the server") != std::string::npos ||
            what.find("terminating connection") != std::string::npos ||
            what.find("Connection refused") != std::string::npos) {
            return DbFailure::kConnectionLost;
        }
    }
    return DbFailure::kOther;
}

void RethrowAsDomainError(const std::exception& error) {
    using domain::Errc;
    switch (ClassifyDbError(error)) {
        case DbFailure::kUniqueViolation:
            throw domain::Error(Errc::kConflict, "A record with these values already exists");
        case DbFailure::kBusy:
        case DbFailure::kSerialization:
            throw domain::Error(Errc::kUnavailable, "The database is busy; retry shortly")
                .WithRetryAfter(1);
        case DbFailure::kConnectionLost:
            throw domain::Error(Errc::kUnavailable, "The database is unavailable; retry shortly")
                .WithRetryAfter(2);
        case DbFailure::kDiskFull:
            throw domain::Error(Errc::kInsufficientStorage, "The database is out of disk space");
        case DbFailure::kReadOnly:
        case DbFailure::kIo:
            throw domain::Error(Errc::kUnavailable, "The database cannot be written right now")
                .WithRetryAfter(5);
        case DbFailure::kForeignKeyViolation:
        case DbFailure::kConstraintViolation:
        case DbFailure::kOther:
            break;
    }
    throw;  // NOLINT: rethrows the exception being handled (a 500 with its detail in the log)
}

}  // namespace ticketing::store
