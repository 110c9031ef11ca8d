#include "app/ticket_service.hpp"

#include "app/audit_writer.hpp"
#include "app/cti_route.hpp"
#include "domain/display_id.hpp"
#include "domain/errors.hpp"
#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "platform/random.hpp"
#include "store/audit_repository.hpp"
#include "store/comment_repository.hpp"
#include "store/db_error.hpp"
#include "store/ticket_repository.hpp"
#include "store/user_repository.hpp"

namespace ticketing::app {
namespace {

using domain::Action;
using domain::Errc;
using domain::Error;
using domain::FailField;

Error TicketNotFound(const std::string& key) {
    return Error(Errc::kNotFound, "Ticket not found: '" + key + "'");
}

void ValidateSeverity(int severity) {
    if (!domain::IsValidSeverity(severity)) {
        FailField("severity", "must be 1-5, got " + std::to_string(severity));
    }
}

// Inserts `ticket` and its CREATED audit row under a fresh random display id and returns its seq.
// The insert itself reports a taken id (nothing written), so a free id costs no look-up first.
std::int64_t InsertWithNewDisplayId(store::TicketRepository& tickets, domain::Ticket& ticket) {
    const std::string audit_id = platform::NewId(ticket.created_at);
    // One in a billion per existing ticket: a handful of tries is plenty even at millions.
    for (int attempt = 0; attempt < 32; ++attempt) {
        ticket.display_id = domain::FormatDisplayId(platform::RandomU64());
        if (const auto seq = tickets.Insert(ticket, audit_id)) return *seq;
    }
    throw Error(Errc::kConflict, "Could not allocate a display id; retry");
}

domain::UserSummary SummaryOf(const domain::Actor& actor) {
    return {actor.id, actor.username, actor.display_name};
}

domain::UserSummary ActiveAssignee(store::Tx& tx, const domain::UserId& id) {
    const auto user = store::UserRepository(tx).FindById(id);
    if (!user) FailField("assigneeId", "does not name an active user: '" + id.value + "'");
    return {user->id, user->username, user->display_name};
}

// Reads the match batch by batch along the list's keyset order, each batch in its own short
// read on a pooled connection. Holding one connection for the whole response would tie it to
// the client's download speed: enough slow or concurrent downloads then hold every connection
// while the workers that could finish them wait for one (bench/README.md measured the stall).
// The price: a ticket whose severity changes mid-stream may appear twice or not at all
// (docs/api.md).
class StoreTicketStream final : public TicketStream {
public:
    StoreTicketStream(store::Database& db, domain::TicketFilter filter, int batch)
        : db_(db), filter_(std::move(filter)), batch_(batch) {}

    std::vector<domain::TicketView> Next() override {
        if (done_) return {};
        try {
            domain::PageRequest page{batch_, 0, after_};
            auto rows = db_.Read(
                [&](store::Tx& tx) { return store::TicketRepository(tx).List(filter_, page); });
            if (static_cast<int>(rows.size()) < batch_) {
                done_ = true;
            } else {
                const auto& last = rows.back();
                after_ = domain::ListCursor{last.ticket.severity, last.ticket.created_at, last.seq};
            }
            return rows;
        } catch (const domain::Error&) {
            done_ = true;
            throw;
        } catch (const std::exception& e) {
            done_ = true;
            store::RethrowAsDomainError(e);
        }
    }

private:
    store::Database& db_;
    domain::TicketFilter filter_;
    int batch_;
    bool done_ = false;
    std::optional<domain::ListCursor> after_;
};

}  // namespace

void ValidateFilter(const domain::TicketFilter& filter) {
    if (filter.severity) ValidateSeverity(*filter.severity);
    if (filter.search) {
        const auto length = domain::CountCodePoints(*filter.search);
        if (length && *length < domain::kMinSearchLength) {
            FailField("search", "must be at least " + std::to_string(domain::kMinSearchLength) +
                                    " characters (shorter terms cannot use the search index)");
        }
    }
}

TicketPage TicketService::List(const domain::Actor& actor, const domain::TicketFilter& filter,
                               const domain::PageRequest& page, bool with_total,
                               const std::function<bool(const store::SnapshotVersion&)>& rendered) {
    domain::RequirePermission(actor, Action::kViewTickets);
    ValidateFilter(filter);
    return ctx_.db.Read([&](store::Tx& tx) {
        TicketPage out;
        if (rendered) {
            out.version = store::ReadSnapshotVersion(tx);
            if (out.version && rendered(*out.version)) return out;
        }
        store::TicketRepository tickets(tx);
        out.tickets = tickets.List(filter, page);
        if (with_total) out.total = tickets.Count(filter);
        if (static_cast<int>(out.tickets.size()) == page.limit && !out.tickets.empty()) {
            const auto& last = out.tickets.back();
            out.next = domain::ListCursor{last.ticket.severity, last.ticket.created_at, last.seq};
        }
        return out;
    });
}

WholeList TicketService::ListWhole(const domain::Actor& actor, const domain::TicketFilter& filter,
                                   const std::function<bool(const store::SnapshotVersion&)>& rendered,
                                   const std::function<std::int64_t()>& max_tickets) {
    domain::RequirePermission(actor, Action::kViewTickets);
    ValidateFilter(filter);
    if (!filter.StatusOnly()) return {};
    return ctx_.db.Read([&](store::Tx& tx) {
        WholeList out;
        out.version = store::ReadSnapshotVersion(tx);
        if (out.version && rendered(*out.version)) {
            out.whole = true;
            return out;
        }
        const std::int64_t most = max_tickets();
        store::TicketRepository tickets(tx);
        if (most <= 0 || tickets.Count(filter) > most) return out;
        // One statement, so one snapshot on PostgreSQL too (where the count was another). Tickets
        // created since the count are welcome: the limit only keeps a burst of them from making
        // the list unbounded.
        out.tickets = tickets.List(filter, domain::PageRequest{static_cast<int>(most) * 2, 0, {}});
        out.whole = true;
        return out;
    });
}

std::unique_ptr<TicketStream> TicketService::Stream(const domain::Actor& actor,
                                                    const domain::TicketFilter& filter,
                                                    int batch_size) {
    domain::RequirePermission(actor, Action::kViewTickets);
    ValidateFilter(filter);
    return std::make_unique<StoreTicketStream>(ctx_.db, filter, batch_size);
}

std::vector<std::pair<domain::Status, std::int64_t>> TicketService::CountByStatus() {
    return ctx_.db.Read([](store::Tx& tx) {
        std::vector<std::pair<domain::Status, std::int64_t>> out;
        store::TicketRepository repo(tx);
        for (const domain::Status status : domain::kAllStatuses) {
            domain::TicketFilter filter;
            filter.status = status;
            out.emplace_back(status, repo.Count(filter));
        }
        return out;
    });
}

domain::TicketDetail TicketService::Get(const domain::Actor& actor, const std::string& key) {
    domain::RequirePermission(actor, Action::kViewTickets);
    return ctx_.db.Read([&](store::Tx& tx) {
        auto view = store::TicketRepository(tx).FindView(key);
        if (!view) throw TicketNotFound(key);
        // The row counts its comments in the same transaction that adds or deletes one, so a
        // ticket without any (a third of them, typically) costs no second statement.
        std::vector<domain::CommentView> comments;
        if (view->comment_count > 0) comments = store::CommentRepository(tx).ListForTicket(view->ticket.id);
        return domain::TicketDetail{std::move(*view), std::move(comments)};
    });
}

domain::TicketView TicketService::Create(const domain::Actor& actor, const NewTicket& command) {
    domain::RequirePermission(actor, Action::kCreateTicket);
    const std::string title = domain::ValidateText("title", command.title, domain::kTitleRule);
    const std::string overview =
        domain::ValidateText("overview", command.overview, domain::kMarkdownRule);
    ValidateSeverity(command.severity);
    if (!command.cti && !command.cti_names) {
        FailField("categoryId", "is required (or give \"cti\": {category, type, item})");
    }
    const std::int64_t now = ctx_.clock.NowMs();

    return ctx_.db.Write([&](store::Tx& tx) {
        const ResolvedRoute route =
            command.cti ? ResolveRoute(tx, *command.cti)
                        : ResolveRouteByNames(tx, command.cti_names->category,
                                              command.cti_names->type, command.cti_names->item);
        std::optional<domain::UserSummary> assignee;
        if (command.assignee) assignee = ActiveAssignee(tx, *command.assignee);

        store::TicketRepository tickets(tx);
        domain::TicketView view;
        domain::Ticket& ticket = view.ticket;
        ticket.id = {platform::NewId(now)};
        ticket.title = title;
        ticket.overview = overview;
        ticket.severity = command.severity;
        ticket.status = domain::Status::kOpen;
        ticket.cti = route.Ref();
        ticket.assignee = command.assignee;
        ticket.created_by = actor.id;
        ticket.created_at = now;
        ticket.updated_at = now;
        view.seq = InsertWithNewDisplayId(tickets, ticket);  // with its audit row

        // The response is what was just written and read: no second read of the row.
        view.category = route.category;
        view.type = route.type;
        view.item = route.item;
        view.assignee = std::move(assignee);
        view.created_by = SummaryOf(actor);
        ctx_.events.Record(tx, {EventType::kTicketCreated, ticket.id.value, ticket.display_id, view,
                                std::nullopt, {}, SummaryOf(actor), now});
        return view;
    });
}

domain::TicketView TicketService::Update(const domain::Actor& actor, const std::string& key,
                                         const domain::TicketPatch& patch,
                                         std::optional<std::int64_t> if_match) {
    domain::RequirePermission(actor, Action::kUpdateTicket);
    if (patch.status == domain::Status::kClosed) {
        domain::RequirePermission(actor, Action::kCloseTicket);
    }
    domain::TicketPatch clean = patch;
    if (patch.title) clean.title = domain::ValidateText("title", *patch.title, domain::kTitleRule);
    if (patch.overview) {
        clean.overview = domain::ValidateText("overview", *patch.overview, domain::kMarkdownRule);
    }
    if (patch.severity) ValidateSeverity(*patch.severity);
    const std::int64_t now = ctx_.clock.NowMs();

    return ctx_.db.Write([&](store::Tx& tx) {
        store::TicketRepository tickets(tx);
        auto view = tickets.FindViewForUpdate(key);
        if (!view) throw TicketNotFound(key);
        const domain::Ticket current = view->ticket;
        if (if_match && *if_match != current.version) {
            throw Error(Errc::kPreconditionFailed,
                        "The ticket changed since you loaded it (version " +
                            std::to_string(current.version) + ", you sent " +
                            std::to_string(*if_match) + "); reload and retry");
        }

        domain::PatchNames names;
        const bool reassigns = domain::ChangesAssignee(current, clean);
        std::optional<domain::UserSummary> new_assignee;
        if (reassigns) {
            if (current.assignee) {
                const auto old = store::UserRepository(tx).Summary(*current.assignee);
                names.old_assignee = old ? old->display_name : current.assignee->value;
            }
            if (*clean.assignee) {
                new_assignee = ActiveAssignee(tx, **clean.assignee);
                names.new_assignee = new_assignee->display_name;
            }
        }
        std::optional<ResolvedRoute> new_route;
        if (const auto route = domain::NewRoute(current, clean)) {
            new_route = ResolveRoute(tx, *route);
            names.new_route = new_route->Path();
            names.old_route = {view->category.name, view->type.name, view->item.name};
        }

        const domain::TicketChanges changes = domain::ApplyPatch(current, clean, names, now);
        if (changes.audit.empty()) return *view;
        if (!tickets.Update(changes.updated, current.version)) {
            throw Error(Errc::kConflict, "The ticket changed concurrently; retry");
        }
        WriteAudit(tx, current.id, actor.id, changes.audit, now);

        // The row as written, with the names already read: no second read of it.
        view->ticket = changes.updated;
        if (new_route) {
            view->category = new_route->category;
            view->type = new_route->type;
            view->item = new_route->item;
        }
        if (reassigns) view->assignee = new_assignee;
        ctx_.events.Record(tx, {EventType::kTicketUpdated, current.id.value, current.display_id,
                                *view, std::nullopt, changes.audit, SummaryOf(actor), now});
        return *view;
    });
}

void TicketService::Delete(const domain::Actor& actor, const std::string& key) {
    domain::RequirePermission(actor, Action::kDeleteTicket);
    const std::int64_t now = ctx_.clock.NowMs();
    ctx_.db.Write([&](store::Tx& tx) {
        store::TicketRepository tickets(tx);
        auto view = tickets.FindView(key);
        if (!view) throw TicketNotFound(key);
        // Comments and audit rows go with it (ON DELETE CASCADE), as the README specifies.
        tickets.Delete(view->ticket.id);
        ctx_.events.Record(tx, {EventType::kTicketDeleted, view->ticket.id.value,
                                view->ticket.display_id, *view, std::nullopt, {},
                                SummaryOf(actor), now});
    });
}

std::vector<domain::AuditView> TicketService::Audit(const domain::Actor& actor,
                                                    const std::string& key) {
    domain::RequirePermission(actor, Action::kViewAudit);
    return ctx_.db.Read([&](store::Tx& tx) {
        const auto view = store::TicketRepository(tx).FindView(key);
        if (!view) throw TicketNotFound(key);
        return store::AuditRepository(tx).ListForTicket(view->ticket.id);
    });
}

}  // namespace ticketing::app
