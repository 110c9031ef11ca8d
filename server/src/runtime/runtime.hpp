#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "platform/clock.hpp"
#include "platform/config.hpp"
#include "store/database.hpp"

namespace ticketing::app {
class AutoCloseService;
}
namespace ticketing::http {
struct ServerStats;
class Router;
}
namespace ticketing::jobs {
class WebhookDeliveryJob;
}

namespace ticketing::runtime {

struct RuntimeOptions {
    platform::Config config;
    const platform::Clock* clock = nullptr;  // default: the system clock
    bool start_jobs = true;
    store::DatabaseOptions database;
};

// The whole server wired together: database (migrated), use cases, routes, HTTP server and
// background jobs. `ticketing serve` runs one; the API tests start one per test on port 0.
class Runtime {
public:
    explicit Runtime(RuntimeOptions options);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Listens (config port; 0 = any free port), starts serving and the jobs; returns the port.
    std::uint16_t Start();
    // Graceful: stops accepting, lets requests in flight finish within `grace`, stops jobs.
    void Shutdown(std::chrono::milliseconds grace);

    [[nodiscard]] store::Database& db();
    [[nodiscard]] app::AutoCloseService& auto_close();
    [[nodiscard]] jobs::WebhookDeliveryJob& webhook_delivery();
    [[nodiscard]] const http::Router& router() const;
    [[nodiscard]] const http::ServerStats& server_stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ticketing::runtime
