#include "app/comment_service.hpp"

#include "app/audit_writer.hpp"
#include "domain/errors.hpp"
#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "platform/random.hpp"
#include "store/comment_repository.hpp"
#include "store/ticket_repository.hpp"

namespace ticketing::app {
namespace {

using domain::AuditAction;
using domain::Errc;
using domain::Error;

domain::UserSummary SummaryOf(const domain::Actor& actor) {
    return {actor.id, actor.username, actor.display_name};
}

}  // namespace

domain::CommentView CommentService::Add(const domain::Actor& actor, const std::string& ticket_key,
                                        const std::string& body) {
    domain::RequirePermission(actor, domain::Action::kAddComment);
    const std::string text = domain::ValidateText("body", body, domain::kCommentRule);
    const std::int64_t now = ctx_.clock.NowMs();
    return ctx_.db.Write([&](store::Tx& tx) {
        domain::Comment comment{{platform::NewId(now)}, {}, actor.id, text, now, now};
        // The audit row (COMMENT_ADDED, the body as detail) is written with the comment.
        auto ticket_view =
            store::TicketRepository(tx).AddComment(ticket_key, comment, platform::NewId(now));
        if (!ticket_view) throw Error(Errc::kNotFound, "Ticket not found: '" + ticket_key + "'");
        const domain::Ticket& ticket = ticket_view->ticket;
        domain::CommentView view{comment, SummaryOf(actor)};
        ctx_.events.Record(tx, {EventType::kCommentAdded, ticket.id.value, ticket.display_id,
                                *ticket_view, view, {}, SummaryOf(actor), now});
        return view;
    });
}

void CommentService::Delete(const domain::Actor& actor, const std::string& ticket_key,
                            const std::string& comment_id) {
    const std::int64_t now = ctx_.clock.NowMs();
    ctx_.db.Write([&](store::Tx& tx) {
        store::TicketRepository tickets(tx);
        auto ticket_view = tickets.FindViewForUpdate(ticket_key);
        if (!ticket_view) throw Error(Errc::kNotFound, "Ticket not found: '" + ticket_key + "'");
        const domain::Ticket& ticket = ticket_view->ticket;
        store::CommentRepository comments(tx);
        const auto comment = comments.FindView(domain::CommentId{comment_id});
        if (!comment || comment->comment.ticket_id != ticket.id) {
            throw Error(Errc::kNotFound, "Comment not found on this ticket: '" + comment_id + "'");
        }
        if (!domain::CanDeleteComment(actor, comment->comment.author_id)) {
            throw Error(Errc::kForbidden,
                        std::string(domain::DenialMessage(domain::Action::kDeleteAnyComment)));
        }
        comments.Delete(comment->comment.id);
        tickets.AdjustCommentCount(ticket.id, -1);
        --ticket_view->comment_count;
        WriteAudit(tx, ticket.id, actor.id, {{AuditAction::kCommentDeleted, comment->comment.body}},
                   now);
        ctx_.events.Record(tx, {EventType::kCommentDeleted, ticket.id.value, ticket.display_id,
                                *ticket_view, *comment, {}, SummaryOf(actor), now});
    });
}

}  // namespace ticketing::app
