#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/comment.hpp"
#include "domain/views.hpp"
#include "store/connection.hpp"

namespace ticketing::store {

class CommentRepository {
public:
    explicit CommentRepository(Tx& tx) : tx_(tx) {}

    [[nodiscard]] std::vector<domain::CommentView> ListForTicket(const domain::TicketId& ticket);
    [[nodiscard]] std::optional<domain::CommentView> FindView(const domain::CommentId& id);
    [[nodiscard]] std::optional<domain::Comment> Find(const domain::CommentId& id);
    void Insert(const domain::Comment& comment);
    bool Delete(const domain::CommentId& id);

    // The statement ListForTicket prepares. Every column it reads is in SQLite's index
    // comments_ticket (migration sqlite/0007), so it never reads the table; a test holds it to that.
    [[nodiscard]] static std::string ListForTicketSql();

private:
    Tx& tx_;
};

}  // namespace ticketing::store
