#include "store/comment_repository.hpp"

#include <string>

#include "store/sql.hpp"

namespace ticketing::store {
namespace {

using domain::Comment;
using domain::CommentView;

constexpr std::string_view kSelectView =
    "SELECT c.id, c.ticket_id, c.author_id, c.body, c.created_at, c.updated_at, u.username, "
    "u.display_name FROM comments c JOIN users u ON u.id = c.author_id ";

struct CommentColumns {
    std::string id;
    std::string ticket_id;
    std::string author_id;
    std::string body;
    long long created_at = 0;
    long long updated_at = 0;
    std::string username;
    std::string display_name;

    void Bind(Query& q) {
        q.Out(id).Out(ticket_id).Out(author_id).Out(body).Out(created_at).Out(updated_at);
        q.Out(username).Out(display_name);
    }
    [[nodiscard]] CommentView ToView() const {
        return {Comment{{id}, {ticket_id}, {author_id}, body, created_at, updated_at},
                {{author_id}, username, display_name}};
    }
};

struct SelectComments final : PreparedStatement {
    std::string key;
    CommentColumns row;
    Query q;
    SelectComments(soci::session& sql, Dialect d, const std::string& which) : q(sql, d) {
        q.In(key);
        row.Bind(q);
        q.Prepare(which == "ticket" ? CommentRepository::ListForTicketSql()
                                    : std::string(kSelectView) + "WHERE c.id = :id");
    }
};

struct InsertComment final : PreparedStatement {
    std::string id;
    std::string ticket_id;
    std::string author_id;
    std::string body;
    long long created_at = 0;
    long long updated_at = 0;
    Query q;
    InsertComment(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id).In(ticket_id).In(author_id).In(body).In(created_at).In(updated_at);
        q.Prepare(
            "INSERT INTO comments (id, ticket_id, author_id, body, created_at, updated_at) "
            "VALUES (:id, :ticket_id, :author_id, :body, :created_at, :updated_at)");
    }
};

struct DeleteComment final : PreparedStatement {
    std::string id;
    Query q;
    DeleteComment(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id);
        q.Prepare("DELETE FROM comments WHERE id = :id");
    }
};

}  // namespace

std::string CommentRepository::ListForTicketSql() {
    return std::string(kSelectView) + "WHERE c.ticket_id = :ticket ORDER BY c.seq";
}

std::vector<CommentView> CommentRepository::ListForTicket(const domain::TicketId& ticket) {
    auto& s = tx_.connection().Prepared<SelectComments>("ticket");
    s.key = ticket.value;
    std::vector<CommentView> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToView());
    return out;
}

std::optional<CommentView> CommentRepository::FindView(const domain::CommentId& id) {
    auto& s = tx_.connection().Prepared<SelectComments>("id");
    s.key = id.value;
    if (!s.q.Run()) return std::nullopt;
    return s.row.ToView();
}

std::optional<Comment> CommentRepository::Find(const domain::CommentId& id) {
    auto view = FindView(id);
    if (!view) return std::nullopt;
    return std::move(view->comment);
}

void CommentRepository::Insert(const Comment& comment) {
    auto& s = tx_.connection().Prepared<InsertComment>();
    s.id = comment.id.value;
    s.ticket_id = comment.ticket_id.value;
    s.author_id = comment.author_id.value;
    s.body = comment.body;
    s.created_at = comment.created_at;
    s.updated_at = comment.updated_at;
    s.q.Run();
}

bool CommentRepository::Delete(const domain::CommentId& id) {
    auto& s = tx_.connection().Prepared<DeleteComment>();
    s.id = id.value;
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

}  // namespace ticketing::store
