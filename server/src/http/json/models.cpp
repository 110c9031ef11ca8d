#include "http/json/models.hpp"

#include "http/json/enums.hpp"

namespace ticketing::http::json {

void WriteUserSummary(Writer& w, const domain::UserSummary& user) {
    w.BeginObject();
    w.Key("id").String(user.id.value);
    w.Key("username").String(user.username);
    w.Key("displayName").String(user.display_name);
    w.EndObject();
}

void WritePublicUser(Writer& w, const domain::User& user) {
    w.BeginObject();
    w.Key("id").String(user.id.value);
    w.Key("username").String(user.username);
    w.Key("displayName").String(user.display_name);
    w.Key("email").String(user.email);
    w.Key("role").String(RoleName(user.role));
    w.EndObject();
}

void WriteCategory(Writer& w, const domain::Category& category) {
    w.BeginObject();
    w.Key("id").String(category.id.value);
    w.Key("name").String(category.name);
    w.Key("createdAt").Time(category.created_at);
    w.EndObject();
}

void WriteType(Writer& w, const domain::Type& type) {
    w.BeginObject();
    w.Key("id").String(type.id.value);
    w.Key("name").String(type.name);
    w.Key("categoryId").String(type.category_id.value);
    w.Key("createdAt").Time(type.created_at);
    w.EndObject();
}

void WriteItem(Writer& w, const domain::Item& item) {
    w.BeginObject();
    w.Key("id").String(item.id.value);
    w.Key("name").String(item.name);
    w.Key("typeId").String(item.type_id.value);
    w.Key("createdAt").Time(item.created_at);
    w.EndObject();
}

void WriteCtiTree(Writer& w, const std::vector<domain::CtiCategoryNode>& tree) {
    w.BeginArray();
    for (const auto& node : tree) {
        w.BeginObject();
        w.Key("id").String(node.category.id.value);
        w.Key("name").String(node.category.name);
        w.Key("createdAt").Time(node.category.created_at);
        w.Key("types").BeginArray();
        for (const auto& type : node.types) {
            w.BeginObject();
            w.Key("id").String(type.type.id.value);
            w.Key("name").String(type.type.name);
            w.Key("categoryId").String(type.type.category_id.value);
            w.Key("createdAt").Time(type.type.created_at);
            w.Key("items").BeginArray();
            for (const auto& item : type.items) WriteItem(w, item);
            w.EndArray();
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
}

namespace {

void WriteTicketFields(Writer& w, const domain::TicketView& v) {
    const domain::Ticket& t = v.ticket;
    w.Key("id").String(t.id.value);
    w.Key("displayId").String(t.display_id);
    w.Key("title").String(t.title);
    w.Key("overview").String(t.overview);
    w.Key("severity").Int(t.severity);
    w.Key("status").String(StatusName(t.status));
    w.Key("categoryId").String(t.cti.category.value);
    w.Key("typeId").String(t.cti.type.value);
    w.Key("itemId").String(t.cti.item.value);
    w.Key("assigneeId");
    if (t.assignee) {
        w.String(t.assignee->value);
    } else {
        w.Null();
    }
    w.Key("createdById").String(t.created_by.value);
    w.Key("resolvedAt").OptionalTime(t.resolved_at);
    w.Key("createdAt").Time(t.created_at);
    w.Key("updatedAt").Time(t.updated_at);
    w.Key("category");
    WriteCategory(w, v.category);
    w.Key("type");
    WriteType(w, v.type);
    w.Key("item");
    WriteItem(w, v.item);
    w.Key("assignee");
    if (v.assignee) {
        WriteUserSummary(w, *v.assignee);
    } else {
        w.Null();
    }
    w.Key("createdBy");
    WriteUserSummary(w, v.created_by);
    w.Key("_count").BeginObject().Key("comments").Int(v.comment_count).EndObject();
}

}  // namespace

void WriteTicket(Writer& w, const domain::TicketView& ticket) {
    w.BeginObject();
    WriteTicketFields(w, ticket);
    w.EndObject();
}

void WriteTicketDetail(Writer& w, const domain::TicketDetail& detail) {
    w.BeginObject();
    WriteTicketFields(w, detail.view);
    w.Key("comments").BeginArray();
    for (const auto& comment : detail.comments) WriteComment(w, comment);
    w.EndArray();
    w.EndObject();
}

void WriteComment(Writer& w, const domain::CommentView& c) {
    w.BeginObject();
    w.Key("id").String(c.comment.id.value);
    w.Key("body").String(c.comment.body);
    w.Key("ticketId").String(c.comment.ticket_id.value);
    w.Key("authorId").String(c.comment.author_id.value);
    w.Key("createdAt").Time(c.comment.created_at);
    w.Key("updatedAt").Time(c.comment.updated_at);
    w.Key("author");
    WriteUserSummary(w, c.author);
    w.EndObject();
}

void WriteAudit(Writer& w, const domain::AuditView& entry) {
    w.BeginObject();
    w.Key("id").String(entry.id);
    w.Key("action").String(AuditActionName(entry.action));
    w.Key("detail").OptionalString(entry.detail);
    w.Key("createdAt").Time(entry.created_at);
    w.Key("user");
    WriteUserSummary(w, entry.user);
    w.EndObject();
}

std::string ErrorBody(std::string_view code, std::string_view message,
                      const std::map<std::string, std::string>& fields) {
    std::string out;
    Writer w(out);
    w.BeginObject();
    w.Key("error").String(message);
    w.Key("code").String(code);
    if (!fields.empty()) {
        w.Key("fields").BeginObject();
        for (const auto& [field, problem] : fields) w.EscapedKey(field).String(problem);
        w.EndObject();
    }
    w.EndObject();
    return out;
}

}  // namespace ticketing::http::json
