#include "store/audit_repository.hpp"

#include "store/codes.hpp"
#include "store/sql.hpp"

namespace ticketing::store {
namespace {

struct InsertAudit final : PreparedStatement {
    std::string id;
    std::string ticket_id;
    std::string user_id;
    std::string action;
    Nullable<std::string> detail;
    long long created_at = 0;
    Query q;
    InsertAudit(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id).In(ticket_id).In(user_id).In(action).In(detail).In(created_at);
        q.Prepare(
            "INSERT INTO audit_log (id, ticket_id, user_id, action, detail, created_at) "
            "VALUES (:id, :ticket_id, :user_id, :action, :detail, :created_at)");
    }
};

struct ListAudit final : PreparedStatement {
    std::string ticket_id;
    std::string id;
    std::string action;
    Nullable<std::string> detail;
    long long created_at = 0;
    std::string user_id;
    std::string username;
    std::string display_name;
    Query q;
    ListAudit(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(ticket_id);
        q.Out(id).Out(action).Out(detail).Out(created_at).Out(user_id).Out(username);
        q.Out(display_name);
        q.Prepare(
            "SELECT a.id, a.action, a.detail, a.created_at, a.user_id, u.username, u.display_name "
            "FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.ticket_id = :ticket_id "
            "ORDER BY a.seq DESC");
    }
};

}  // namespace

void AuditRepository::Insert(const NewAuditRow& row) {
    auto& s = tx_.connection().Prepared<InsertAudit>();
    s.id = row.id;
    s.ticket_id = row.ticket.value;
    s.user_id = row.user.value;
    s.action = std::string(AuditActionCode(row.entry.action));
    s.detail.Set(row.entry.detail);
    s.created_at = row.created_at;
    s.q.Run();
}

std::vector<domain::AuditView> AuditRepository::ListForTicket(const domain::TicketId& ticket) {
    auto& s = tx_.connection().Prepared<ListAudit>();
    s.ticket_id = ticket.value;
    std::vector<domain::AuditView> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) {
        out.push_back({s.id, ParseAuditActionCode(s.action), s.detail.Get(), s.created_at,
                       {{s.user_id}, s.username, s.display_name}});
    }
    return out;
}

}  // namespace ticketing::store
