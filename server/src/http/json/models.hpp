#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/cti.hpp"
#include "domain/user.hpp"
#include "domain/views.hpp"
#include "http/json/writer.hpp"

namespace ticketing::http::json {

// The API's JSON shapes, field for field as the original (Prisma) returned them.

void WriteUserSummary(Writer& w, const domain::UserSummary& user);
// {id, username, displayName, email, role}: never hashes or keys.
void WritePublicUser(Writer& w, const domain::User& user);
void WriteCategory(Writer& w, const domain::Category& category);
void WriteType(Writer& w, const domain::Type& type);
void WriteItem(Writer& w, const domain::Item& item);
void WriteCtiTree(Writer& w, const std::vector<domain::CtiCategoryNode>& tree);
// A ticket with category, type, item, assignee, createdBy and _count.comments.
void WriteTicket(Writer& w, const domain::TicketView& ticket);
// The ticket plus its comments, oldest first.
void WriteTicketDetail(Writer& w, const domain::TicketDetail& detail);
void WriteComment(Writer& w, const domain::CommentView& comment);
void WriteAudit(Writer& w, const domain::AuditView& entry);

// {"error": message, "code": code, "fields": {...}?}
[[nodiscard]] std::string ErrorBody(std::string_view code, std::string_view message,
                                    const std::map<std::string, std::string>& fields = {});

template <class T, class Fn>
std::string Array(const std::vector<T>& items, Fn write) {
    std::string out;
    out.reserve(64 + items.size() * 256);
    Writer w(out);
    w.BeginArray();
    for (const auto& item : items) write(w, item);
    w.EndArray();
    return out;
}

template <class T, class Fn>
std::string One(const T& item, Fn write) {
    // Room for a ticket with a few comments (a detail is about 2 KB): grown from empty, the
    // string was reallocated seven times on the way.
    std::string out;
    out.reserve(2048);
    Writer w(out);
    write(w, item);
    return out;
}

}  // namespace ticketing::http::json
