#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "history.hpp"

namespace ticketing::testing::reliability {

struct LoadOptions {
    int clients = 16;
    double writes_per_second = 200;  // offered, over all clients
    int create_percent = 60;
    int comment_percent = 30;  // the rest renames a ticket (PATCH title)
};

enum class WriteKind { kCreate, kComment, kPatch };

// One write as the client saw it; status 0 = no answer.
struct LoadEvent {
    WriteKind kind = WriteKind::kCreate;
    int status = 0;
    std::chrono::steady_clock::time_point sent;
    std::chrono::steady_clock::time_point answered;
    std::string body;
    bool connection_close = false;  // the answer carried Connection: close
};

// Clients offering a mixed write load (create ticket / comment / rename) with the goddard API
// key, recording every request and its answer in a History. Start/Stop may repeat (one run per
// crash cycle); names stay unique across runs.
class WriteLoad {
public:
    WriteLoad(History& history, CtiRoute route, std::string api_key, std::string tag,
              LoadOptions options);
    ~WriteLoad();
    WriteLoad(const WriteLoad&) = delete;
    WriteLoad& operator=(const WriteLoad&) = delete;

    void Start(std::uint16_t port);
    // Stops the clients after their request in flight and joins them.
    void Stop();
    // Waits for the next acknowledgement (after this call); false on timeout.
    bool WaitForAck(std::chrono::milliseconds timeout);
    // The events since the last call.
    [[nodiscard]] std::vector<LoadEvent> TakeEvents();

private:
    void RunClient(int index, std::uint16_t port);
    void Record(LoadEvent event);

    History& history_;
    CtiRoute route_;
    std::string api_key_;
    std::string tag_;
    LoadOptions options_;
    std::atomic<bool> stop_{false};
    std::vector<std::thread> threads_;
    std::vector<std::int64_t> counters_;                 // per client, across runs
    std::vector<std::vector<std::string>> own_tickets_;  // per client: tickets it may rename
    std::uint64_t seed_ = 1;

    std::mutex mutex_;
    std::condition_variable acked_;
    std::uint64_t acks_ = 0;
    std::vector<LoadEvent> events_;
};

}  // namespace ticketing::testing::reliability
