#include "runtime/runtime.hpp"

#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "app/auth_service.hpp"
#include "app/auto_close_service.hpp"
#include "app/comment_service.hpp"
#include "app/cti_service.hpp"
#include "app/events.hpp"
#include "app/login_throttle.hpp"
#include "app/ticket_service.hpp"
#include "app/user_service.hpp"
#include "auth/jwt.hpp"
#include "http/handlers/routes.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "jobs/periodic_job.hpp"
#include "store/migrator.hpp"

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
          context{*db, clock, events},
          jwt(options.config.jwt_secret, options.config.jwt_ttl_seconds),
          auth(context, jwt, throttle),
          tickets(context),
          comments(context),
          cti(context),
          users(context),
          auto_close(context, options.config.auto_close_after_days),
          services{auth, tickets, comments, cti, users, *db},
          static_files(LoadWebApp(options.config)),
          pipeline(router, services, static_files.get(), {options.config.client_url}),
          workers(static_cast<std::size_t>(options.config.worker_threads)),
          // Two hashers at most: each argon2id hash takes ~12 ms of one core and 19 MiB.
          hashing(2) {
        const auto applied = store::Migrator(*db).Apply();
        for (const auto& name : applied) spdlog::info("applied migration {}", name);
        http::RegisterApiRoutes(router, services);
        http::ServerOptions server_options;
        server_options.host = options.config.host;
        server_options.port = options.config.port;
        server_options.io_threads = options.config.io_threads;
        server_options.body_limit = options.config.body_limit;
        server = std::make_unique<http::Server>(server_options, pipeline, workers, hashing);
        auto_close_job = std::make_unique<jobs::PeriodicJob>(
            "auto-close", std::chrono::seconds(options.config.auto_close_interval_seconds), [this] {
                const int closed = auto_close.RunOnce();
                if (closed > 0) spdlog::info("auto-close: closed {} ticket(s)", closed);
            });
    }

    RuntimeOptions options;
    const platform::Clock& clock;
    std::unique_ptr<store::Database> db;
    app::NullEventSink events;
    app::AppContext context;
    auth::JwtCodec jwt;
    app::LoginThrottle throttle;
    app::AuthService auth;
    app::TicketService tickets;
    app::CommentService comments;
    app::CtiService cti;
    app::UserService users;
    app::AutoCloseService auto_close;
    http::Services services;
    http::Router router;
    std::unique_ptr<http::StaticFiles> static_files;
    http::Pipeline pipeline;
    boost::asio::thread_pool workers;
    boost::asio::thread_pool hashing;
    std::unique_ptr<http::Server> server;
    std::unique_ptr<jobs::PeriodicJob> auto_close_job;
    bool stopped = false;
};

Runtime::Runtime(RuntimeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Runtime::~Runtime() { Shutdown(std::chrono::milliseconds(0)); }

std::uint16_t Runtime::Start() {
    const std::uint16_t port = impl_->server->Listen();
    impl_->server->Start();
    if (impl_->options.start_jobs) impl_->auto_close_job->Start(std::chrono::seconds(5));
    return port;
}

void Runtime::Shutdown(std::chrono::milliseconds grace) {
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->server->Shutdown(grace);
    impl_->server->Wait();
    impl_->auto_close_job->Stop();
    impl_->workers.join();
    impl_->hashing.join();
    impl_->db->Shutdown();
}

store::Database& Runtime::db() { return *impl_->db; }
app::AutoCloseService& Runtime::auto_close() { return impl_->auto_close; }
const http::ServerStats& Runtime::server_stats() const { return impl_->server->stats(); }

}  // namespace ticketing::runtime
