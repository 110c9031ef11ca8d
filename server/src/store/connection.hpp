#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "store/no_wait.hpp"
#include "store/sql.hpp"

namespace ticketing::store {

// Base of the per-connection prepared statements (see Connection::Prepared).
class PreparedStatement {
public:
    virtual ~PreparedStatement() = default;
};

// One database connection and the statements prepared on it. Owned by a pool; used by one
// thread at a time. Without a session (nullptr) every statement throws WouldBlock: a
// PostgreSQL read on an I/O thread, which may complete only if it needs no statement
// (store/no_wait.hpp, PostgresDatabase::RunRead).
class Connection {
public:
    Connection(std::unique_ptr<soci::session> session, Dialect dialect);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    [[nodiscard]] soci::session& sql() {
        if (!session_) throw WouldBlock{};
        return *session_;
    }
    [[nodiscard]] Dialect dialect() const { return dialect_; }
    // Unique in this process for each session ever opened (a reconnect takes a new one), so what
    // was read on one session is never mistaken for another's (store/snapshot_version.hpp).
    [[nodiscard]] std::uint64_t serial() const { return serial_; }

    // The statement S, prepared on first use and reused after: S is constructed as
    // S(soci::session&, Dialect) and holds its bound variables. `key` tells apart variants of S
    // whose SQL differs (e.g. by filter).
    template <class S>
    S& Prepared(const std::string& key = {}) {
        // Looked up without building a key string: three statements per request each paid
        // an allocation and a copy for it.
        auto it = statements_.find(StatementKeyView{typeid(S), key});
        if (it == statements_.end()) {
            if (!session_) throw WouldBlock{};
            it = statements_.emplace(StatementKey{typeid(S), key}, std::make_unique<S>(*session_, dialect_, key))
                     .first;
        }
        return static_cast<S&>(*it->second);
    }

    // Runs a script of one or more statements through the native API (migrations, PRAGMAs).
    void ExecScript(std::string_view script);

    // Runs one statement without parameters or rows, kept prepared on SQLite after its first
    // use: the BEGIN and COMMIT of every read, which sqlite3_exec parsed afresh each time
    // (bench/README.md). `statement` must be a literal: it is remembered by its address.
    // PostgreSQL: the same as ExecScript.
    void ExecKept(const char* statement);

    // Forgets every prepared statement (after an error left one in an unknown state, or after a
    // reconnect invalidated them).
    void ResetStatements() { statements_.clear(); }

    // Resets every statement still stepping on this connection, so COMMIT/ROLLBACK never meet a
    // statement in progress after an exception cut a read short (SQLite only).
    void ResetBusyStatements();

    // After an exception: marks the connection broken if the server connection is gone.
    void CheckHealth();

    // True once an error says the connection itself is gone; the pool reconnects it.
    [[nodiscard]] bool broken() const { return broken_; }
    void MarkBroken() { broken_ = true; }
    // Re-establishes the session; throws on failure.
    void Reconnect();

private:
    std::unique_ptr<soci::session> session_;
    Dialect dialect_;
    std::uint64_t serial_;
    struct StatementKey {
        std::type_index type;
        std::string key;
    };
    struct StatementKeyView {
        std::type_index type;
        std::string_view key;
    };
    struct StatementKeyHash {
        using is_transparent = void;
        template <class K>
        std::size_t operator()(const K& k) const noexcept {
            return k.type.hash_code() ^ (std::hash<std::string_view>{}(k.key) * 31U);
        }
    };
    struct StatementKeyEqual {
        using is_transparent = void;
        template <class A, class B>
        bool operator()(const A& a, const B& b) const noexcept {
            return a.type == b.type && std::string_view(a.key) == std::string_view(b.key);
        }
    };
    std::unordered_map<StatementKey, std::unique_ptr<PreparedStatement>, StatementKeyHash, StatementKeyEqual>
        statements_;
    // ExecKept's statements (sqlite3_stmt*), by the address of their text.
    std::vector<std::pair<const char*, void*>> kept_;
    void FinalizeKept();
    bool broken_ = false;
};

// The unit of work handed to repositories: a connection inside an open transaction.
class Tx {
public:
    explicit Tx(Connection& connection) : connection_(connection) {}
    [[nodiscard]] Connection& connection() { return connection_; }
    [[nodiscard]] Dialect dialect() const { return connection_.dialect(); }
    [[nodiscard]] soci::session& sql() { return connection_.sql(); }

    // Runs `hook` after this transaction commits (never if it rolls back): notifications,
    // cache invalidation. Only write transactions accept hooks.
    void OnCommit(std::function<void()> hook) {
        if (hooks_ != nullptr) hooks_->push_back(std::move(hook));
    }
    void set_commit_hooks(std::vector<std::function<void()>>* hooks) { hooks_ = hooks; }

    // Marks that this transaction recorded events, so the database announces them to other
    // instances once it commits (PostgreSQL: store/pg_event_notifier.hpp).
    void MarkEventsRecorded() { events_recorded_ = true; }
    [[nodiscard]] bool events_recorded() const { return events_recorded_; }

    // PostgreSQL: the snapshot (`pg_current_snapshot()` as text) of an earlier statement of this
    // transaction, noted by a query that returned it alongside its rows, so that reading the
    // version of the data (store/snapshot_version.hpp) costs no statement of its own. The first
    // one noted is kept: the oldest snapshot is a safe name for what later statements see.
    void NoteSnapshot(std::string snapshot) {
        if (!noted_snapshot_) noted_snapshot_ = std::move(snapshot);
    }
    [[nodiscard]] const std::optional<std::string>& noted_snapshot() const { return noted_snapshot_; }

private:
    Connection& connection_;
    std::vector<std::function<void()>>* hooks_ = nullptr;
    bool events_recorded_ = false;
    std::optional<std::string> noted_snapshot_;
};

}  // namespace ticketing::store
