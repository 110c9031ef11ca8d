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
    if (backend != nullptr && backend->stmt_ != nullptr) {
        sqlite_api::sqlite3_reset(backend->stmt_);
    }
}

bool Query::Run() {
    const bool got = Execute();
    Finish();
    return got;
}

}  // namespace ticketing::store
