#pragma once

#include "store/connection.hpp"

namespace ticketing::store {

// Well-known job lock keys (PostgreSQL advisory locks; see TryJobLock).
enum class JobLock : long long {
    kAutoClose = 7'236'118'101,
    kWebhookDelivery = 7'236'118'102,
};

// Takes a transaction-scoped lock so that of several instances sharing one PostgreSQL only one
// runs the job at a time; false if another instance holds it. SQLite has one writer, so the
// lock is always granted there.
[[nodiscard]] bool TryJobLock(Tx& tx, JobLock lock);

}  // namespace ticketing::store
