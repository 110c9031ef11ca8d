#pragma once

#include <optional>
#include <string>

#include "app/ticket_service.hpp"
#include "app/user_service.hpp"
#include "domain/ticket.hpp"
#include "domain/views.hpp"
#include "http/request_context.hpp"

namespace ticketing::http::json {

// Request bodies and query strings → app commands. Wire names live here; value rules (lengths,
// ranges, existence) are checked by the domain and app layers.

struct LoginRequest {
    std::string username;
    std::string password;
};
struct PasswordChange {
    std::string current;
    std::string next;
};
struct NamedNode {
    std::string name;
    std::string parent_id;  // categoryId / typeId when creating a type / an item
};

struct TicketQuery {
    domain::TicketFilter filter;
    bool paged = false;  // limit, offset or cursor given (our addition); otherwise the full list
    domain::PageRequest page;
};

[[nodiscard]] LoginRequest ReadLogin(const std::string& body);
[[nodiscard]] PasswordChange ReadPasswordChange(const std::string& body);
[[nodiscard]] app::NewTicket ReadNewTicket(const std::string& body);
[[nodiscard]] domain::TicketPatch ReadTicketPatch(const std::string& body);
[[nodiscard]] std::string ReadCommentBody(const std::string& body);
// `parent` is "categoryId", "typeId" or "" (a category has none).
[[nodiscard]] NamedNode ReadNamedNode(const std::string& body, std::string_view parent);
[[nodiscard]] app::NewUser ReadNewUser(const std::string& body);
[[nodiscard]] app::UserPatch ReadUserPatch(const std::string& body);

[[nodiscard]] TicketQuery ReadTicketQuery(const RequestContext& ctx);

// The keyset cursor as an opaque token (X-Next-Cursor / ?cursor=).
[[nodiscard]] std::string EncodeCursor(const domain::ListCursor& cursor);
[[nodiscard]] domain::ListCursor DecodeCursor(const std::string& token);

}  // namespace ticketing::http::json
