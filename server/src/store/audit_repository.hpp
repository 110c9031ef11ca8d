#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/ids.hpp"
#include "domain/views.hpp"
#include "store/connection.hpp"

namespace ticketing::store {

struct NewAuditRow {
    std::string id;
    domain::TicketId ticket;
    domain::UserId user;
    domain::AuditEntry entry;
    std::int64_t created_at = 0;
};

class AuditRepository {
public:
    explicit AuditRepository(Tx& tx) : tx_(tx) {}

    void Insert(const NewAuditRow& row);
    // Newest first.
    [[nodiscard]] std::vector<domain::AuditView> ListForTicket(const domain::TicketId& ticket);

private:
    Tx& tx_;
};

}  // namespace ticketing::store
