#include "runtime/runtime.hpp"

#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "app/auth_service.hpp"
#include "app/auto_close_service.hpp"
#include "app/comment_service.hpp"
#include "app/event_feed.hpp"
#include "app/cti_service.hpp"
#include "app/events.hpp"
#include "app/idempotency_service.hpp"
#include "app/login_throttle.hpp"
#include "app/outbox_event_sink.hpp"
#include "app/ticket_service.hpp"
#include "app/user_service.hpp"
#include "app/webhook_service.hpp"
#include "auth/jwt.hpp"
#include "http/handlers/routes.hpp"
#include "http/json/enums.hpp"
#include "http/json/event_json.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "jobs/periodic_job.hpp"
#include "jobs/webhook_delivery_job.hpp"
#include "platform/heap.hpp"
#include "runtime/database_bootstrap.hpp"

namespace ticketing::runtime {
namespace {

const platform::SystemClock kSystemClock;

std::unique_ptr<store::Database> OpenDatabase(const RuntimeOptions& options) {
    store::DatabaseOptions db = options.database;
    const int workers = options.config.worker_threads;
    // SQLite readers are cheap: one per worker plus spares for long streamed lists.
    db.read_connections = options.config.database.kind == platform::DatabaseKind::kSqlite
                              ? std::max(db.read_connections, workers + 8)
                              : std::max(db.read_connections, workers);
    db.reader_mmap_bytes = options.config.sqlite_mmap_bytes;
    return store::Database::Open(options.config.database, db);
}

std::unique_ptr<http::StaticFiles> LoadWebApp(const platform::Config& config) {
    std::filesystem::path root = config.web_root;
    if (root.empty() && std::filesystem::exists("web/dist/index.html")) root = "web/dist";
    if (root.empty()) return nullptr;
    auto files = http::StaticFiles::Load(root);
    if (!files) {
        spdlog::warn("WEB_ROOT {} has no index.html: serving the API only", root.string());
        return nullptr;
    }
    spdlog::info("serving the web app from {} ({} files)", root.string(), files->file_count());
    return files;
}

}  // namespace

struct Runtime::Impl {
    explicit Impl(RuntimeOptions opts)
        : options(std::move(opts)),
          clock(options.clock != nullptr ? *options.clock : kSystemClock),
          db(OpenDatabase(options)),
          // Every ticket and comment change also writes its events (and webhook deliveries)
          // in its own transaction; a commit that queued deliveries wakes the delivery job.
          events(http::json::EventPayload, [this] { WakeWebhookJob(); }, [this] { feed.Wake(); }),
          context{*db, clock, events},
          jwt(options.config.jwt_secret, options.config.jwt_ttl_seconds),
          auth(context, jwt, throttle),
          tickets(context),
          comments(context),
          cti(context),
          users(context),
          idempotency(context),
          auto_close(context, options.config.auto_close_after_days),
          webhooks(context, http::json::PingPayload, [this] { WakeWebhookJob(); }),
          webhook_outbox(context),
          feed(context, {.heartbeat = std::chrono::seconds(options.config.events_heartbeat_seconds)}),
          services{auth, tickets, comments, cti, users, idempotency, *db, webhooks, feed, metrics},
          static_files(LoadWebApp(options.config)),
          pipeline(router, services, static_files.get(), {options.config.client_url, &database_ready}),
          workers(static_cast<std::size_t>(options.config.worker_threads)),
          writes(options.config.write_threads > 0
                     ? std::make_unique<boost::asio::thread_pool>(
                           static_cast<std::size_t>(options.config.write_threads))
                     : nullptr),
          // Password hashing gets half the cores (at least one): each argon2id hash takes ~12 ms
          // of a core and 19 MiB, and a login flood must leave the rest for the API.
          hashing(std::max(1U, std::thread::hardware_concurrency() / 2)) {
        // SQLite is a local file: if it cannot be opened and migrated, that is a start-up error
        // (its message names the setting). PostgreSQL may simply not be up yet: serve 503 and
        // keep trying in the background (docs/operations.md).
        bootstrap = std::make_unique<DatabaseBootstrap>(*db, database_ready, [this] { StartBackground(); });
        if (options.config.database.kind == platform::DatabaseKind::kSqlite) {
            ApplyMigrations(*db);
            database_ready = true;
        } else {
            bootstrap->TryNow();
        }
        http::RegisterApiRoutes(router, services);
        http::ServerOptions server_options;
        server_options.host = options.config.host;
        server_options.port = options.config.port;
        server_options.io_threads = options.config.io_threads;
        server_options.short_reads_on_io_threads =
            options.config.database.kind == platform::DatabaseKind::kSqlite;
        server_options.body_limit = options.config.body_limit;
        server_options.metrics = &metrics;
        snapshots = db->FeedSnapshots();
        server_options.snapshot_feed = snapshots.get();
        server = std::make_unique<http::Server>(server_options, pipeline, workers, hashing, writes.get());
        auto_close_job = std::make_unique<jobs::PeriodicJob>(
            "auto-close", std::chrono::seconds(options.config.auto_close_interval_seconds), [this] {
                const int closed = auto_close.RunOnce();
                if (closed > 0) spdlog::info("auto-close: closed {} ticket(s)", closed);
            });
        webhook_job = std::make_unique<jobs::WebhookDeliveryJob>(webhook_outbox, clock);
        maintenance_job = std::make_unique<jobs::PeriodicJob>(
            "maintenance", std::chrono::hours(1), [this] { idempotency.Prune(); });
        RegisterMetrics();
    }

    // What /metrics reports beyond the HTTP series the server records itself.
    void RegisterMetrics() {
        metrics.AddCollector([this](http::MetricsWriter& w) {
            const auto pool = db->pool_usage();
            w.Family("ticketing_db_pool_connections", "gauge",
                     "Pooled database connections, busy and in all.");
            w.Sample("ticketing_db_pool_connections", {{"state", "in_use"}}, static_cast<double>(pool.in_use));
            w.Sample("ticketing_db_pool_connections", {{"state", "size"}}, static_cast<double>(pool.size));
            w.Family("ticketing_db_transaction_duration_seconds", "histogram",
                     "Database reads and writes, waiting for a connection or the writer included.");
            w.Histogram("ticketing_db_transaction_duration_seconds", {{"kind", "read"}}, db->stats().reads.Read());
            w.Histogram("ticketing_db_transaction_duration_seconds", {{"kind", "write"}}, db->stats().writes.Read());
        });
        metrics.AddCollector([this](http::MetricsWriter& w) {
            w.Family("ticketing_job_runs_total", "counter", "Background job runs on this instance.");
            for (const auto* job : {auto_close_job.get(), maintenance_job.get()}) {
                w.Sample("ticketing_job_runs_total", {{"job", job->name()}}, static_cast<double>(job->runs()));
            }
            w.Family("ticketing_job_failures_total", "counter", "Background job runs that failed.");
            for (const auto* job : {auto_close_job.get(), maintenance_job.get()}) {
                w.Sample("ticketing_job_failures_total", {{"job", job->name()}},
                         static_cast<double>(job->failures()));
            }
            const auto hooks = webhook_job->counters();
            w.Family("ticketing_webhook_attempts_total", "counter",
                     "Webhook delivery attempts made by this instance, by outcome.");
            w.Sample("ticketing_webhook_attempts_total", {{"outcome", "delivered"}}, static_cast<double>(hooks.delivered));
            w.Sample("ticketing_webhook_attempts_total", {{"outcome", "failed"}}, static_cast<double>(hooks.failed_attempts));
            w.Family("ticketing_webhook_deliveries_given_up_total", "counter",
                     "Webhook deliveries that failed their last attempt on this instance.");
            w.Sample("ticketing_webhook_deliveries_given_up_total", {}, static_cast<double>(hooks.given_up));
        });
        if (snapshots) {
            metrics.AddCollector([this](http::MetricsWriter& w) {
                const auto c = snapshots->counters();
                w.Family("ticketing_snapshot_feed_queries_total", "counter",
                         "Snapshot queries sent for cached list pages on the I/O threads (PostgreSQL).");
                w.Sample("ticketing_snapshot_feed_queries_total", {}, static_cast<double>(c.queries));
                w.Family("ticketing_snapshot_feed_requests_total", "counter",
                         "List-page requests that asked the snapshot feed, by answer (none: the feed "
                         "had no connection, and the request read on the workers).");
                w.Sample("ticketing_snapshot_feed_requests_total", {{"answer", "snapshot"}},
                         static_cast<double>(c.answered));
                w.Sample("ticketing_snapshot_feed_requests_total", {{"answer", "none"}},
                         static_cast<double>(c.unanswered));
            });
        }
        metrics.AddCollector([](http::MetricsWriter& w) {
            w.Family("ticketing_heap_in_use_bytes", "gauge",
                     "Heap bytes held for live allocations (the allocator's own count; RSS also "
                     "holds freed memory kept for reuse).");
            w.Sample("ticketing_heap_in_use_bytes", {}, static_cast<double>(platform::HeapInUseBytes()));
        });
        metrics.AddCollector([this](http::MetricsWriter& w) {
            w.Family("ticketing_sse_clients", "gauge", "Open GET /api/events streams on this instance.");
            w.Sample("ticketing_sse_clients", {}, static_cast<double>(feed.subscribers()));
            w.Family("ticketing_events_notifications_total", "counter",
                     "Wake-ups of the live feed by other instances' commits (PostgreSQL NOTIFY).");
            w.Sample("ticketing_events_notifications_total", {}, static_cast<double>(feed.notifications()));
            w.Family("ticketing_events_log_reads_total", "counter",
                     "Reads of the event log by the live feed (at once after a commit while an SSE "
                     "client listens, at the poll interval otherwise).");
            w.Sample("ticketing_events_log_reads_total", {}, static_cast<double>(feed.log_reads()));
            w.Family("ticketing_http_connections", "gauge", "Open HTTP connections on this instance.");
            w.Sample("ticketing_http_connections", {},
                     static_cast<double>(server->stats().connections_open.load()));
            w.Family("ticketing_http_connections_refused_total", "counter",
                     "Connections closed on accept because the connection cap was reached.");
            w.Sample("ticketing_http_connections_refused_total", {},
                     static_cast<double>(server->stats().connections_refused.load()));
        });
        metrics.AddCollector([this](http::MetricsWriter& w) {
            // Read at scrape time from the database, so every instance reports the same figures.
            std::vector<std::pair<domain::Status, std::int64_t>> counts;
            try {
                counts = tickets.CountByStatus();
            } catch (const std::exception& e) {
                spdlog::warn("metrics: counting tickets failed: {}", e.what());
                return;
            }
            w.Family("ticketing_tickets", "gauge", "Tickets by status.");
            for (const auto& [status, count] : counts) {
                w.Sample("ticketing_tickets", {{"status", http::json::StatusName(status)}}, static_cast<double>(count));
            }
        });
    }

    RuntimeOptions options;
    std::atomic<bool> database_ready{false};
    const platform::Clock& clock;
    std::unique_ptr<store::Database> db;
    app::OutboxEventSink events;
    app::AppContext context;
    auth::JwtCodec jwt;
    app::LoginThrottle throttle;
    app::AuthService auth;
    app::TicketService tickets;
    app::CommentService comments;
    app::CtiService cti;
    app::UserService users;
    app::IdempotencyService idempotency;
    app::AutoCloseService auto_close;
    app::WebhookService webhooks;
    app::WebhookOutbox webhook_outbox;
    app::EventFeed feed;
    http::Metrics metrics;
    http::Services services;
    http::Router router;
    std::unique_ptr<http::StaticFiles> static_files;
    http::Pipeline pipeline;
    boost::asio::thread_pool workers;
    std::unique_ptr<boost::asio::thread_pool> writes;  // null: writes run on the workers
    boost::asio::thread_pool hashing;
    std::unique_ptr<store::SnapshotFeed> snapshots;  // PostgreSQL; outlives the server
    std::unique_ptr<http::Server> server;
    std::unique_ptr<jobs::PeriodicJob> auto_close_job;
    std::unique_ptr<jobs::WebhookDeliveryJob> webhook_job;
    std::unique_ptr<jobs::PeriodicJob> maintenance_job;
    std::unique_ptr<DatabaseBootstrap> bootstrap;
    bool stopped = false;

    // The live feed and the jobs need the schema: they start once the database is ready.
    void StartBackground() {
        feed.Start();
        if (!options.start_jobs) return;
        auto_close_job->Start(std::chrono::seconds(5));
        webhook_job->Start(std::chrono::seconds(1));
        maintenance_job->Start(std::chrono::minutes(1));
    }

    void WakeWebhookJob() {
        if (webhook_job) webhook_job->Wake();
    }
};

Runtime::Runtime(RuntimeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Runtime::~Runtime() { Shutdown(std::chrono::milliseconds(0)); }

std::uint16_t Runtime::Start() {
    const std::uint16_t port = impl_->server->Listen();
    impl_->server->Start();
    if (impl_->database_ready) {
        impl_->StartBackground();
    } else {
        impl_->bootstrap->Start();
    }
    return port;
}

void Runtime::Shutdown(std::chrono::milliseconds grace) {
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->bootstrap->Stop();  // before the feed and jobs, which it may be starting
    impl_->feed.Stop();  // ends the live streams, which would otherwise hold the drain open
    impl_->server->Shutdown(grace);
    impl_->server->Wait();
    impl_->auto_close_job->Stop();
    impl_->webhook_job->Stop();
    impl_->maintenance_job->Stop();
    impl_->workers.join();
    if (impl_->writes) impl_->writes->join();
    impl_->hashing.join();
    impl_->db->Shutdown();
}

store::Database& Runtime::db() { return *impl_->db; }
app::AutoCloseService& Runtime::auto_close() { return impl_->auto_close; }
jobs::WebhookDeliveryJob& Runtime::webhook_delivery() { return *impl_->webhook_job; }
const http::Router& Runtime::router() const { return impl_->router; }
const http::ServerStats& Runtime::server_stats() const { return impl_->server->stats(); }

}  // namespace ticketing::runtime
