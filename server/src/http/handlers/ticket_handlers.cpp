#include <atomic>
#include <charconv>
#include <memory>
#include <optional>

#include "http/handlers/routes.hpp"
#include "http/idempotency.hpp"
#include "http/json/models.hpp"
#include "http/json/requests.hpp"
#include "http/page_cache.hpp"
#include "store/no_wait.hpp"

namespace ticketing::http {
namespace {

constexpr int kStreamBatch = 500;
// A 50-ticket page is about 67 kB; the largest pages (limit near 200) are rendered every time.
constexpr std::size_t kPageCacheBytes = 32U << 20U;
constexpr std::size_t kPageCacheMaxPage = 256U << 10U;
// Unpaginated lists of a status (or of everything) with up to 5,000 tickets are read, rendered
// and kept whole: about 1.3 kB a ticket, so up to about 6.5 MB each. On SQLite a version names
// the data within one read connection only, so a list polled through every connection has an
// entry per connection (sharing one copy of equal bytes, but each counted in full): the budget
// holds 16 entries of a 6 MB list. Larger lists are streamed.
constexpr std::int64_t kWholeListMaxTickets = 5000;
constexpr std::size_t kListCacheBytes = 96U << 20U;
constexpr std::size_t kListCacheMaxList = 8U << 20U;
// At most this many whole lists are read and rendered at once; other misses stream, so that a
// burst of requests after a change costs no more memory than it did before lists were kept.
constexpr int kMaxWholeListRenders = 2;

// The original's unpaginated list as one JSON array, written batch by batch (each batch a short
// read of its own): memory stays flat however many tickets match. The first batch is read in the
// constructor (on the worker, inside the handler) so that a failure still becomes a proper error
// status.
class TicketArrayStream final : public BodyStream {
public:
    explicit TicketArrayStream(std::unique_ptr<app::TicketStream> source)
        : source_(std::move(source)), pending_(source_->Next()) {}

    std::optional<std::string> Next() override {
        if (done_) return std::nullopt;
        std::string out;
        out.reserve(pending_.size() * 900 + 2);
        if (!opened_) {
            out += '[';
            opened_ = true;
        }
        for (const auto& ticket : pending_) {
            if (!first_) out += ',';
            first_ = false;
            json::Writer w(out);  // one writer per item: the array's commas are ours
            json::WriteTicket(w, ticket);
        }
        // The closing bracket rides on the last batch rather than costing a chunk of its own.
        if (!pending_.empty()) pending_ = source_->Next();
        if (pending_.empty()) {
            out += ']';
            done_ = true;
        }
        return out;
    }

private:
    std::unique_ptr<app::TicketStream> source_;
    std::vector<domain::TicketView> pending_;
    bool opened_ = false;
    bool first_ = true;
    bool done_ = false;
};

std::string ETag(std::int64_t version) { return '"' + std::to_string(version) + '"'; }

// If-Match: "<version>" (as our ETag), W/"<version>", or * (any).
std::optional<std::int64_t> IfMatchVersion(std::string_view header) {
    if (header.empty() || header == "*") return std::nullopt;
    std::string_view v = header;
    if (v.substr(0, 2) == "W/") v.remove_prefix(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    std::int64_t version = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
    // An unreadable tag can match nothing we ever sent.
    if (ec != std::errc() || ptr != v.data() + v.size()) return -1;
    return version;
}

// The bytes of a cached page or list, shared with the cache rather than copied.
Response SharedBody(std::shared_ptr<const PageCache::Page> page) {
    Response r;
    const std::string* body = &page->body;
    r.shared_body = std::shared_ptr<const std::string>(std::move(page), body);
    return r;
}

Response PageResponse(std::shared_ptr<const PageCache::Page> page) {
    Response r = SharedBody(page);
    r.Header("X-Total-Count", std::to_string(page->total));
    if (!page->next_cursor.empty()) r.Header("X-Next-Cursor", page->next_cursor);
    return r;
}

// /metrics: lookups by result and bytes held, of one cache.
void CollectCacheMetrics(MetricsWriter& w, const PageCache& cache, const std::string& name,
                         const std::string& what) {
    const auto stats = cache.stats();
    const std::string lookups = "ticketing_" + name + "_cache_lookups_total";
    const std::string bytes = "ticketing_" + name + "_cache_bytes";
    w.Family(lookups, "counter", what + " looked up in their cache, by result.");
    w.Sample(lookups, {{"result", "hit"}}, static_cast<double>(stats.hits));
    w.Sample(lookups, {{"result", "miss"}}, static_cast<double>(stats.misses));
    w.Family(bytes, "gauge", "Bytes held by the cache of " + what + ".");
    w.Sample(bytes, {}, static_cast<double>(stats.bytes));
}

// Counts a whole-list rendering in progress while it lives; `admitted` is false when
// kMaxWholeListRenders were already running.
class RenderSlot {
public:
    explicit RenderSlot(std::atomic<int>& running) : running_(running) {
        admitted_ = running_.fetch_add(1) < kMaxWholeListRenders;
        if (!admitted_) running_.fetch_sub(1);
    }
    ~RenderSlot() {
        if (admitted_) running_.fetch_sub(1);
    }
    RenderSlot(const RenderSlot&) = delete;
    RenderSlot& operator=(const RenderSlot&) = delete;
    [[nodiscard]] bool admitted() const { return admitted_; }

private:
    std::atomic<int>& running_;
    bool admitted_ = false;
};

Response TicketResponse(const domain::TicketView& view, Status status = Status::ok) {
    Response r = Response::Json(json::One(view, json::WriteTicket), status);
    r.Header("ETag", ETag(view.ticket.version));
    return r;
}

}  // namespace

void RegisterTicketRoutes(Router& router, Services& s) {
    auto pages = std::make_shared<PageCache>(kPageCacheBytes, kPageCacheMaxPage);
    auto lists = std::make_shared<PageCache>(kListCacheBytes, kListCacheMaxList);
    auto renders = std::make_shared<std::atomic<int>>(0);
    s.metrics.AddCollector([pages, lists](MetricsWriter& w) {
        CollectCacheMetrics(w, *pages, "page", "Rendered ticket-list pages (?limit=N)");
        CollectCacheMetrics(w, *lists, "list", "Rendered unpaginated ticket lists");
    });

    router.Add(Verb::get, "/api/tickets", [&s, pages, lists, renders](RequestContext& ctx) {
        const auto query = json::ReadTicketQuery(ctx);
        const std::string_view target(ctx.request.target().data(), ctx.request.target().size());
        if (!query.paged) {
            // A list polled again while nothing changed is sent as it was rendered last time
            // (docs/architecture.md, "Rendered list pages are reused").
            std::shared_ptr<const PageCache::Page> hit;
            std::optional<RenderSlot> slot;
            auto whole = s.tickets.ListWhole(
                ctx.Caller(), query.filter,
                [&](const store::SnapshotVersion& version) {
                    hit = lists->Find(target, version);
                    // A miss reads and renders, or streams: not on a thread that must not wait.
                    if (hit == nullptr) store::ThrowIfNoWait();
                    return hit != nullptr;
                },
                [&]() -> std::int64_t {
                    slot.emplace(*renders);
                    return slot->admitted() ? kWholeListMaxTickets : 0;
                });
            if (hit != nullptr) return SharedBody(std::move(hit));
            if (whole.whole) {
                auto rendered = std::make_shared<PageCache::Page>();
                rendered->body = json::Array(whole.tickets, json::WriteTicket);
                if (whole.version) lists->Store(target, *whole.version, rendered);
                return SharedBody(std::move(rendered));
            }
            store::ThrowIfNoWait();  // a filtered list (no version was read) streams
            Response r;
            r.stream = std::make_unique<TicketArrayStream>(
                s.tickets.Stream(ctx.Caller(), query.filter, kStreamBatch));
            return r;
        }
        std::shared_ptr<const PageCache::Page> hit;
        const auto page = s.tickets.List(ctx.Caller(), query.filter, query.page, true,
                                         [&](const store::SnapshotVersion& version) {
                                             hit = pages->Find(target, version);
                                             // A miss reads, renders and counts a page: not
                                             // on a thread that must not wait.
                                             if (hit == nullptr) store::ThrowIfNoWait();
                                             return hit != nullptr;
                                         });
        if (hit != nullptr) return PageResponse(std::move(hit));
        auto rendered = std::make_shared<PageCache::Page>();
        rendered->body = json::Array(page.tickets, json::WriteTicket);
        rendered->total = page.total;
        if (page.next) rendered->next_cursor = json::EncodeCursor(*page.next);
        if (page.version) pages->Store(target, *page.version, rendered);
        return PageResponse(std::move(rendered));
    }, {.run_on = RunOn::kShortRead, .reads_version = true});

    router.Add(Verb::get, "/api/tickets/:id", [&s](RequestContext& ctx) {
        const auto detail = s.tickets.Get(ctx.Caller(), ctx.Param("id"));
        Response r = Response::Json(json::One(detail, json::WriteTicketDetail));
        r.Header("ETag", ETag(detail.view.ticket.version));
        return r;
    }, {.run_on = RunOn::kShortRead});

    router.Add(Verb::post, "/api/tickets", [&s](RequestContext& ctx) {
        const auto command = json::ReadNewTicket(ctx.request.body());
        return Idempotent(ctx, s, [&] {
            const auto view = s.tickets.Create(ctx.Caller(), command);
            Response r = TicketResponse(view, Status::created);
            r.Header("Location", "/api/tickets/" + view.ticket.display_id);
            return r;
        });
    }, {.json_body = true});

    router.Add(Verb::patch, "/api/tickets/:id", [&s](RequestContext& ctx) {
        const auto patch = json::ReadTicketPatch(ctx.request.body());
        return TicketResponse(s.tickets.Update(ctx.Caller(), ctx.Param("id"), patch,
                                               IfMatchVersion(ctx.Header("If-Match"))));
    }, {.json_body = true});

    router.Add(Verb::delete_, "/api/tickets/:id", [&s](RequestContext& ctx) {
        s.tickets.Delete(ctx.Caller(), ctx.Param("id"));
        return Response::NoContent();
    });

    router.Add(Verb::get, "/api/tickets/:id/audit", [&s](RequestContext& ctx) {
        return Response::Json(json::Array(s.tickets.Audit(ctx.Caller(), ctx.Param("id")), json::WriteAudit));
    });
}

}  // namespace ticketing::http
