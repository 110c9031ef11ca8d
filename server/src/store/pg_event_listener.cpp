#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "store/event_listener.hpp"

namespace ticketing::store {
namespace {

class PostgresEventListener final : public EventListener {
public:
    // Connects at once, so that a server that has started is already listening: a commit made
    // on another instance right after start wakes the feed instead of waiting for its poll.
    // A failure here is retried by Wait.
    explicit PostgresEventListener(std::string conninfo) : conninfo_(std::move(conninfo)) { Connect(); }
    ~PostgresEventListener() override { Drop(); }
    PostgresEventListener(const PostgresEventListener&) = delete;
    PostgresEventListener& operator=(const PostgresEventListener&) = delete;

    bool Wait(std::chrono::milliseconds timeout) override {
        if (conn_ == nullptr && !Connect()) {
            std::this_thread::sleep_for(timeout);
            return false;
        }
        pollfd p{PQsocket(conn_), POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (ready < 0) return false;
        if (ready > 0 && PQconsumeInput(conn_) == 0) {
            spdlog::warn("live events: the LISTEN connection failed: {}", PQerrorMessage(conn_));
            Drop();
            return false;
        }
        bool any = false;
        while (PGnotify* n = PQnotifies(conn_)) {
            any = true;
            PQfreemem(n);
        }
        if (PQstatus(conn_) != CONNECTION_OK) Drop();
        return any;
    }

private:
    bool Connect() {
        conn_ = PQconnectdb(conninfo_.c_str());
        if (PQstatus(conn_) != CONNECTION_OK) {
            Drop();
            return false;
        }
        const std::string listen = std::string("LISTEN ") + kEventChannel;
        PGresult* result = PQexec(conn_, listen.c_str());
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) {
            spdlog::warn("live events: LISTEN failed: {}", PQerrorMessage(conn_));
            Drop();
        }
        return ok;
    }

    void Drop() {
        if (conn_ != nullptr) PQfinish(conn_);
        conn_ = nullptr;
    }

    std::string conninfo_;
    PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<EventListener> ListenOnPostgres(std::string conninfo) {
    return std::make_unique<PostgresEventListener>(std::move(conninfo));
}

}  // namespace ticketing::store
