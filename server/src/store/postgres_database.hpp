#pragma once

#include <memory>
#include <string>

#include "store/connection_pool.hpp"
#include "store/database.hpp"
#include "store/pg_event_notifier.hpp"

namespace ticketing::store {

// PostgreSQL through a pool of SOCI sessions. Reads run in autocommit; writes run each in their
// own transaction, retried on serialization failure and deadlock. A lost server marks the
// connection broken; requests during an outage get kUnavailable (503) and the pool reconnects
// on its own when the server is back.
class PostgresDatabase final : public Database {
public:
    PostgresDatabase(std::string conninfo, const DatabaseOptions& options);

    [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
    [[nodiscard]] std::unique_ptr<EventListener> ListenForEvents() override {
        return ListenOnPostgres(conninfo_);
    }
    [[nodiscard]] std::unique_ptr<SnapshotFeed> FeedSnapshots() override {
        // Named, so that an operator (and a test) can tell it among the pool's sessions; a
        // connect that hangs (an unreachable host) must not hold a shutdown for long.
        return std::make_unique<SnapshotFeed>(
            conninfo_ + " application_name=ticketing_snapshot_feed connect_timeout=5");
    }
    [[nodiscard]] PoolUsage pool_usage() const override { return {pool_.in_use(), pool_.size()}; }
    void RunExclusive(platform::FunctionRef<void(Connection&)> fn) override;
    void Ping() override;
    void Shutdown() override { notifier_.Stop(); }

protected:
    void RunRead(platform::FunctionRef<void(Tx&)> fn) override;
    void RunWrite(platform::FunctionRef<void(Tx&)> fn) override;

private:
    [[nodiscard]] std::unique_ptr<Connection> OpenConnection() const;

    std::string conninfo_;
    DatabaseOptions options_;
    ConnectionPool pool_;
    PgEventNotifier notifier_;
};

}  // namespace ticketing::store
