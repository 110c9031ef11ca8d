#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/comment.hpp"
#include "domain/ticket.hpp"
#include "domain/views.hpp"
#include "store/connection.hpp"

namespace ticketing::store {

class TicketRepository {
public:
    explicit TicketRepository(Tx& tx) : tx_(tx) {}

    // By internal id, or by display id when `key` has that shape.
    [[nodiscard]] std::optional<domain::TicketView> FindView(const std::string& key);
    // The same, with the ticket's row locked for update on PostgreSQL (call inside
    // Database::Write): a write reads what it changes and what its event reports in one go.
    [[nodiscard]] std::optional<domain::TicketView> FindViewForUpdate(const std::string& key);

    // One page in list order. `page.after` (keyset) wins over `page.offset`.
    [[nodiscard]] std::vector<domain::TicketView> List(const domain::TicketFilter& filter,
                                                       const domain::PageRequest& page);
    [[nodiscard]] std::int64_t Count(const domain::TicketFilter& filter);

    // Inserts the ticket and returns its seq; nullopt (nothing written) when its display id is
    // already taken, so the caller draws another without a separate look-up first.
    // Writes the ticket with its CREATED audit row (id `audit_id`, by its creator at its creation
    // time): its seq, or nullopt (nothing written) when its display id is taken. On PostgreSQL
    // one statement, the search row included.
    [[nodiscard]] std::optional<std::int64_t> Insert(const domain::Ticket& ticket,
                                                     const std::string& audit_id);
    // Writes the ticket if its stored version is still `expected_version`; false otherwise.
    [[nodiscard]] bool Update(const domain::Ticket& ticket, std::int64_t expected_version);
    bool Delete(const domain::TicketId& id);
    void AdjustCommentCount(const domain::TicketId& id, int delta);
    // Adds `comment` to the ticket `key` names (filling in its ticket_id), with its audit row
    // (COMMENT_ADDED, id `audit_id`, by the author at the comment's time, the body as detail),
    // and returns the ticket as it now stands, the comment counted and, on PostgreSQL, the row
    // locked for the rest of the transaction; nullopt, with nothing written, if there is no such
    // ticket. One statement on PostgreSQL instead of four round trips.
    [[nodiscard]] std::optional<domain::TicketView> AddComment(const std::string& key,
                                                               domain::Comment& comment,
                                                               const std::string& audit_id);

    // The text of FindView's statement by display id, and of AddComment's on PostgreSQL (also
    // by display id), for the tests that read their plans.
    [[nodiscard]] static std::string FindViewSql(Dialect d);
    [[nodiscard]] static std::string AddCommentSql();

    // RESOLVED tickets whose resolved_at is at or before `cutoff_ms`, oldest first.
    [[nodiscard]] std::vector<domain::Ticket> DueForAutoClose(std::int64_t cutoff_ms, int limit);
    // Tickets assigned to the user that are not CLOSED.
    [[nodiscard]] std::vector<domain::Ticket> OpenAssignedTo(const domain::UserId& user);

private:
    Tx& tx_;
};

}  // namespace ticketing::store
