#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <string_view>

namespace ticketing::store {

enum class Dialect { kSqlite, kPostgres };

// A nullable column or parameter as SOCI binds it: a value plus an indicator.
template <class T>
struct Nullable {
    T value{};
    soci::indicator ind = soci::i_null;

    void Set(const std::optional<T>& v) {
        ind = v ? soci::i_ok : soci::i_null;
        value = v ? *v : T{};
    }
    [[nodiscard]] std::optional<T> Get() const {
        if (ind == soci::i_null) return std::nullopt;
        return value;
    }
};

// A statement bound once to member variables and executed many times: the caller assigns the
// input variables, calls Execute/Next, and reads the output variables. Placeholders are written
// `:name` (SOCI rewrites them for PostgreSQL) and bound by position, so a placeholder must not
// repeat within one statement.
class Query {
public:
    Query(soci::session& sql, Dialect dialect) : st_(sql), dialect_(dialect) {}

    template <class T>
    Query& In(T& value) {
        st_.exchange(soci::use(value));
        return *this;
    }
    template <class T>
    Query& In(Nullable<T>& value) {
        st_.exchange(soci::use(value.value, value.ind));
        return *this;
    }
    template <class T>
    Query& Out(T& value) {
        st_.exchange(soci::into(value));
        return *this;
    }
    template <class T>
    Query& Out(Nullable<T>& value) {
        st_.exchange(soci::into(value.value, value.ind));
        return *this;
    }

    void Prepare(std::string_view sql);

    // Executes; for a SELECT, fetches the first row into the outputs and returns whether there
    // was one. Call Next() for the rest and Finish() when done reading early.
    bool Execute();
    bool Next();
    // Releases the statement's hold on the database (SQLite keeps a read snapshot open while a
    // stepped statement is not reset).
    void Finish();
    // Execute + Finish: for single-row lookups and for writes.
    bool Run();

    [[nodiscard]] long long AffectedRows() { return st_.get_affected_rows(); }

private:
    soci::statement st_;
    Dialect dialect_;
};

}  // namespace ticketing::store
