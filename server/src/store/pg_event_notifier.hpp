#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace ticketing::store {

// Tells every instance's live feed that events were committed: NOTIFY on kEventChannel
// (store/event_listener.hpp), sent after the write committed, outside its transaction, from a
// connection of its own. Sent inside the transaction (a trigger did it until migration 0005),
// PostgreSQL takes a database-wide lock at commit and holds it through the commit's WAL flush,
// so every transaction that recorded events committed one after another: creates ran 17 %
// faster without it (bench/README.md). Pokes that arrive while a NOTIFY is on its way, or within
// 10 ms of the last one, fold into the next one; the feed's own poll of the event log covers any
// notification that is lost (the server down, a reconnect).
class PgEventNotifier {
public:
    explicit PgEventNotifier(std::string conninfo);
    ~PgEventNotifier();
    PgEventNotifier(const PgEventNotifier&) = delete;
    PgEventNotifier& operator=(const PgEventNotifier&) = delete;

    // Asks for a NOTIFY soon. Never blocks on the database.
    void Poke();
    // Ends the thread (idempotent).
    void Stop();

private:
    void Loop();

    std::string conninfo_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace ticketing::store
