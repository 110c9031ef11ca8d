#include "store/sql.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace ticketing::store {

void Query::Prepare(std::string_view sql) {
    st_.alloc();
    st_.prepare(std::string(sql));
    st_.define_and_bind();
}

bool Query::Execute() { return st_.execute(true); }

bool Query::Next() { return st_.fetch(); }

void Query::Finish() {
    if (dialect_ != Dialect::kSqlite) return;
    auto* backend = static_cast<soci::sqlite3_statement_backend*>(st_.get_backend());
    if (backend == nullptr || backend->stmt_ == nullptr) return;
    // A statement that handed out a row may not have finished: an INSERT … RETURNING returns its
    // row before the statement ends, and a storage error in that last part (seen with the disk
    // full) rolls the insert back and is reported only here. Ignoring it would let the write go
    // on as if the row were there.
    const int rc = sqlite_api::sqlite3_reset(backend->stmt_);
    if (rc != SQLITE_OK) {
        throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(backend->session_.conn_), rc);
    }
}

bool Query::Run() {
    const bool got = Execute();
    Finish();
    return got;
}

}  // namespace ticketing::store
