#include "http/json/requests.hpp"

#include <algorithm>
#include <charconv>

#include "domain/errors.hpp"
#include "domain/text.hpp"
#include "http/json/enums.hpp"
#include "http/json/input.hpp"

namespace ticketing::http::json {
namespace {

using domain::FailField;

domain::Status StatusField(const std::string& field, const std::string& value) {
    const auto status = ParseStatus(value);
    if (!status) FailField(field, "must be OPEN, IN_PROGRESS, RESOLVED or CLOSED, got '" + value + "'");
    return *status;
}

domain::Role RoleField(const std::string& value) {
    const auto role = ParseRole(value);
    if (!role) FailField("role", "must be ADMIN, AGENT, USER or SERVICE, got '" + value + "'");
    return *role;
}

std::int64_t QueryInt(const std::string& name, const std::string& text, std::int64_t min,
                      std::int64_t max) {
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
        FailField(name, "must be a whole number " + std::to_string(min) + "-" + std::to_string(max) +
                            ", got '" + text + "'");
    }
    return value;
}

}  // namespace

LoginRequest ReadLogin(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(value, {"username", "password"});
    return {f.RequiredString("username"), f.RequiredString("password")};
}

PasswordChange ReadPasswordChange(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(value, {"currentPassword", "newPassword"});
    return {f.RequiredString("currentPassword"), f.RequiredString("newPassword")};
}

app::NewTicket ReadNewTicket(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(value, {"title", "overview", "severity", "categoryId", "typeId", "itemId",
                           "assigneeId", "cti"});
    app::NewTicket t;
    t.title = f.RequiredString("title");
    t.overview = f.String("overview").value_or("");
    const auto severity = f.Integer("severity", domain::kMinSeverity, domain::kMaxSeverity);
    if (!severity) FailField("severity", "is required (1-5)");
    t.severity = static_cast<int>(*severity);
    if (const auto* cti = f.Object("cti")) {
        if (f.Has("categoryId") || f.Has("typeId") || f.Has("itemId")) {
            FailField("cti", "cannot be combined with categoryId, typeId and itemId");
        }
        const Fields names(*cti, {"category", "type", "item"});
        t.cti_names = app::CtiByName{names.RequiredString("category"), names.RequiredString("type"),
                                     names.RequiredString("item")};
    } else {
        t.cti = domain::CtiRef{{f.RequiredString("categoryId")}, {f.RequiredString("typeId")},
                               {f.RequiredString("itemId")}};
    }
    if (const auto assignee = f.NullableString("assigneeId"); assignee && *assignee && !(*assignee)->empty()) {
        t.assignee = domain::UserId{**assignee};
    }
    return t;
}

domain::TicketPatch ReadTicketPatch(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(value, {"title", "overview", "severity", "status", "assigneeId", "categoryId",
                           "typeId", "itemId"});
    domain::TicketPatch p;
    p.title = f.String("title");
    p.overview = f.String("overview");
    if (const auto severity = f.Integer("severity", domain::kMinSeverity, domain::kMaxSeverity)) {
        p.severity = static_cast<int>(*severity);
    }
    if (const auto status = f.String("status")) p.status = StatusField("status", *status);
    if (const auto assignee = f.NullableString("assigneeId")) {
        // null or "" unassigns
        p.assignee = (*assignee && !(*assignee)->empty()) ? std::optional(domain::UserId{**assignee})
                                                          : std::optional<domain::UserId>();
    }
    if (const auto id = f.String("categoryId")) p.category = domain::CategoryId{*id};
    if (const auto id = f.String("typeId")) p.type = domain::TypeId{*id};
    if (const auto id = f.String("itemId")) p.item = domain::ItemId{*id};
    return p;
}

std::string ReadCommentBody(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(value, {"body"});
    return f.RequiredString("body");
}

NamedNode ReadNamedNode(const std::string& body, std::string_view parent) {
    const auto value = ParseBody(body);
    NamedNode node;
    if (parent.empty()) {
        const Fields f(value, {"name"});
        node.name = f.RequiredString("name");
    } else {
        const Fields f(value, {"name", parent});
        node.name = f.RequiredString("name");
        node.parent_id = f.RequiredString(parent);
    }
    return node;
}

app::NewUser ReadNewUser(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(value, {"username", "email", "displayName", "password", "role"});
    app::NewUser u;
    u.username = f.RequiredString("username");
    u.email = f.RequiredString("email");
    u.display_name = f.RequiredString("displayName");
    u.password = f.String("password");
    if (u.password && u.password->empty()) u.password.reset();
    if (const auto role = f.String("role")) u.role = RoleField(*role);
    return u;
}

app::UserPatch ReadUserPatch(const std::string& body) {
    const auto value = ParseBody(body);
    const Fields f(value, {"displayName", "email", "password", "role", "regenerateApiKey"});
    app::UserPatch p;
    p.display_name = f.String("displayName");
    p.email = f.String("email");
    p.password = f.String("password");
    if (p.password && p.password->empty()) p.password.reset();
    if (const auto role = f.String("role")) p.role = RoleField(*role);
    p.regenerate_api_key = f.Bool("regenerateApiKey").value_or(false);
    return p;
}

TicketQuery ReadTicketQuery(const RequestContext& ctx) {
    // Unknown parameters are ignored, as the original did (cache-busters must keep working).
    TicketQuery q;
    if (const auto status = ctx.Query("status")) q.filter.status = StatusField("status", *status);
    if (const auto severity = ctx.Query("severity")) {
        q.filter.severity = static_cast<int>(QueryInt("severity", *severity, 1, 5));
    }
    if (const auto category = ctx.Query("categoryId")) q.filter.category = domain::CategoryId{*category};
    if (const auto assignee = ctx.Query("assigneeId")) q.filter.assignee = domain::UserId{*assignee};
    if (const auto search = ctx.Query("search")) {
        const std::string term = domain::ValidateText("search", *search, domain::kSearchRule);
        if (!term.empty()) q.filter.search = term;
    }
    const auto limit = ctx.Query("limit");
    const auto offset = ctx.Query("offset");
    const auto cursor = ctx.Query("cursor");
    q.paged = limit || offset || cursor;
    if (limit) q.page.limit = static_cast<int>(QueryInt("limit", *limit, 1, domain::kMaxPageSize));
    if (offset) q.page.offset = QueryInt("offset", *offset, 0, 100'000'000);
    if (cursor) {
        if (offset) FailField("cursor", "cannot be combined with offset");
        q.page.after = DecodeCursor(*cursor);
    }
    return q;
}

std::string EncodeCursor(const domain::ListCursor& c) {
    return std::to_string(c.severity) + "." + std::to_string(c.created_at) + "." + std::to_string(c.seq);
}

domain::ListCursor DecodeCursor(const std::string& token) {
    const auto bad = [&]() -> domain::ListCursor {
        FailField("cursor", "is not a cursor this server issued");
    };
    const auto dot1 = token.find('.');
    const auto dot2 = dot1 == std::string::npos ? std::string::npos : token.find('.', dot1 + 1);
    if (dot2 == std::string::npos) return bad();
    domain::ListCursor c;
    const auto parse = [&](std::string_view text, auto& out) {
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
    };
    const std::string_view t(token);
    if (!parse(t.substr(0, dot1), c.severity) || !parse(t.substr(dot1 + 1, dot2 - dot1 - 1), c.created_at) ||
        !parse(t.substr(dot2 + 1), c.seq)) {
        return bad();
    }
    return c;
}

}  // namespace ticketing::http::json
