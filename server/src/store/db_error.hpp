#pragma once

#include <exception>

namespace ticketing::store {

enum class DbFailure {
    kUniqueViolation,
    kForeignKeyViolation,
    kConstraintViolation,
    kBusy,            // lock contention: retry later
    kConnectionLost,  // server gone / connection broken
    kSerialization,   // PostgreSQL 40001 / 40P01: retry the transaction
    kDiskFull,
    kReadOnly,
    kIo,
    kOther,
};

// Classifies a SOCI (or native) database exception; kOther for anything else.
[[nodiscard]] DbFailure ClassifyDbError(const std::exception& error);

// Rethrows a database exception as a domain::Error where the failure has a meaning for the client
// (busy → 503, disk full → 507, unique violation → 409); otherwise rethrows it unchanged (a 500).
[[noreturn]] void RethrowAsDomainError(const std::exception& error);

}  // namespace ticketing::store
