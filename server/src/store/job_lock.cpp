#include "store/job_lock.hpp"

namespace ticketing::store {

bool TryJobLock(Tx& tx, JobLock lock) {
    if (tx.dialect() == Dialect::kSqlite) return true;
    long long key = static_cast<long long>(lock);
    int granted = 0;
    tx.sql() << "SELECT CASE WHEN pg_try_advisory_xact_lock(:key) THEN 1 ELSE 0 END",
        soci::use(key), soci::into(granted);
    return granted == 1;
}

}  // namespace ticketing::store
