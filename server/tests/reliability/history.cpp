#include "history.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace ticketing::testing::reliability {
namespace {

const char* Name(Outcome outcome) {
    switch (outcome) {
        case Outcome::kAcked:
            return "acknowledged";
        case Outcome::kRefused:
            return "refused";
        case Outcome::kUnknown:
            return "unanswered";
    }
    return "?";
}

void Count(HistoryCounts& counts, Outcome outcome) {
    switch (outcome) {
        case Outcome::kAcked:
            ++counts.acked;
            break;
        case Outcome::kRefused:
            ++counts.refused;
            break;
        case Outcome::kUnknown:
            ++counts.unknown;
            break;
    }
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace

Outcome Classify(int status) {
    if (status >= 200 && status < 300) return Outcome::kAcked;
    if (status >= 400 && status < 500) return Outcome::kRefused;
    return Outcome::kUnknown;
}

void History::AddCreate(const CreateRecord& record) {
    std::lock_guard lock(mutex_);
    creates_.push_back(record);
    Count(counts_, record.outcome);
    ++counts_.creates;
    if (record.outcome == Outcome::kAcked) {
        titles_[record.id].push_back({record.title, Outcome::kAcked, record.status});
        acked_tickets_.push_back(record.id);
    }
}

void History::AddTitle(const std::string& ticket_id, const TitleRecord& record) {
    std::lock_guard lock(mutex_);
    titles_[ticket_id].push_back(record);
    Count(counts_, record.outcome);
    ++counts_.patches;
}

void History::AddComment(const CommentRecord& record) {
    std::lock_guard lock(mutex_);
    comments_.push_back(record);
    Count(counts_, record.outcome);
    ++counts_.comments;
}

std::optional<std::string> History::AnyTicket(std::mt19937& rng) const {
    std::lock_guard lock(mutex_);
    if (acked_tickets_.empty()) return std::nullopt;
    std::uniform_int_distribution<std::size_t> pick(0, acked_tickets_.size() - 1);
    return acked_tickets_[pick(rng)];
}

HistoryCounts History::Counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

std::string History::Report::Describe(std::size_t max_lines) const {
    std::ostringstream out;
    out << lost.size() << " acknowledged write(s) lost, " << problems.size() << " other problem(s)";
    std::size_t shown = 0;
    for (const auto* list : {&lost, &problems}) {
        for (const auto& line : *list) {
            if (shown++ == max_lines) {
                out << "\n  …";
                return out.str();
            }
            out << "\n  " << line;
        }
    }
    return out.str();
}

History::Report History::Check(const Snapshot& db, const CtiRoute& route) const {
    std::lock_guard lock(mutex_);
    Report report;
    report.tickets = static_cast<std::int64_t>(db.tickets.size());
    report.comments = static_cast<std::int64_t>(db.comments.size());
    auto& problems = report.problems;
    for (const auto& line : db.integrity_problems) problems.push_back(line);
    for (const auto& line : db.search_index_problems) problems.push_back(line);

    // Indexes of the database side.
    std::map<std::string, const TicketRow*> ticket_by_id;
    std::map<std::string, const TicketRow*> ticket_by_title;
    std::map<std::string, int> display_ids;
    for (const auto& t : db.tickets) {
        if (!ticket_by_id.emplace(t.id, &t).second)
            problems.push_back("ticket id " + t.id + " twice");
        ticket_by_title.emplace(t.title, &t);
        if (++display_ids[t.display_id] == 2)
            problems.push_back("display id " + t.display_id + " twice");
    }
    std::map<std::string, const CommentRow*> comment_by_id;
    std::map<std::string, std::vector<const CommentRow*>> comments_by_body;
    std::map<std::string, std::int64_t> comments_per_ticket;
    for (const auto& c : db.comments) {
        comment_by_id.emplace(c.id, &c);
        comments_by_body[c.body].push_back(&c);
        ++comments_per_ticket[c.ticket_id];
    }
    std::map<std::string, int> created_rows;                           // ticket → CREATED rows
    std::map<std::pair<std::string, std::string>, int> comment_added;  // (ticket, body) → rows
    std::map<std::pair<std::string, std::string>, int> title_changed;  // (ticket, title) → rows
    for (const auto& a : db.audit) {
        const std::string detail = a.detail.value_or("");
        if (a.action == "CREATED") ++created_rows[a.ticket_id];
        if (a.action == "COMMENT_ADDED") ++comment_added[{a.ticket_id, detail}];
        if (a.action == "TITLE_CHANGED") ++title_changed[{a.ticket_id, detail}];
    }

    // No orphans, no half writes: every ticket has exactly one CREATED row, every comment its
    // COMMENT_ADDED row (and no such row lacks its comment), the comment counter is right.
    for (const auto& t : db.tickets) {
        const int rows = created_rows[t.id];
        if (rows != 1) {
            problems.push_back("ticket " + t.display_id + " has " + std::to_string(rows) +
                               " CREATED audit rows");
        }
        if (t.comment_count != comments_per_ticket[t.id]) {
            problems.push_back("ticket " + t.display_id + " counts " +
                               std::to_string(t.comment_count) + " comments but has " +
                               std::to_string(comments_per_ticket[t.id]));
        }
    }
    std::map<std::pair<std::string, std::string>, int> comment_rows;
    for (const auto& c : db.comments) ++comment_rows[{c.ticket_id, c.body}];
    for (const auto& [key, rows] : comment_rows) {
        const auto it = comment_added.find(key);
        const int audits = it == comment_added.end() ? 0 : it->second;
        if (audits != rows) {
            problems.push_back("comment " + Quote(key.second) + " on ticket " + key.first + ": " +
                               std::to_string(rows) + " row(s) but " + std::to_string(audits) +
                               " COMMENT_ADDED audit row(s)");
        }
    }
    for (const auto& [key, audits] : comment_added) {
        if (comment_rows.count(key) == 0) {
            problems.push_back("COMMENT_ADDED " + Quote(key.second) + " on ticket " + key.first +
                               " without its comment");
        }
    }

    // Tickets: every acknowledged one is there with the content it was created with; nothing
    // refused exists; everything there was sent by a client.
    std::set<std::string> explained_tickets;
    std::map<std::string, const CreateRecord*> unanswered_creates;
    for (const auto& create : creates_) {
        if (create.outcome == Outcome::kAcked) {
            const auto it = ticket_by_id.find(create.id);
            if (it == ticket_by_id.end()) {
                report.lost.push_back("ticket " + create.display_id + " " + Quote(create.title) +
                                      " (acknowledged " + std::to_string(create.status) +
                                      ") is missing");
                continue;
            }
            explained_tickets.insert(create.id);
            const TicketRow& t = *it->second;
            if (t.display_id != create.display_id || t.overview != create.overview ||
                t.severity != create.severity || t.category_id != route.category ||
                t.type_id != route.type || t.item_id != route.item) {
                report.lost.push_back("ticket " + create.display_id +
                                      " differs from its acknowledged creation");
            }
            continue;
        }
        const auto it = ticket_by_title.find(create.title);
        if (create.outcome == Outcome::kRefused) {
            if (it != ticket_by_title.end()) {
                problems.push_back("refused (" + std::to_string(create.status) + ") ticket " +
                                   Quote(create.title) + " exists");
            }
            continue;
        }
        unanswered_creates.emplace(create.title, &create);
    }
    for (const auto& t : db.tickets) {
        if (explained_tickets.count(t.id) != 0) continue;
        // Not acknowledged: it must be an unanswered creation, never renamed (no client knows
        // its id), and whole.
        const auto it = unanswered_creates.find(t.title);
        if (it == unanswered_creates.end()) {
            problems.push_back("ticket " + t.display_id + " " + Quote(t.title) + " was never sent");
            continue;
        }
        const CreateRecord& c = *it->second;
        if (t.overview != c.overview || t.severity != c.severity || t.item_id != route.item) {
            problems.push_back("unanswered ticket " + Quote(c.title) +
                               " was stored with other content");
        }
    }

    // Titles: each ticket's title is its last acknowledged one, or one sent after it whose answer
    // never came; each rename that happened has exactly one TITLE_CHANGED row.
    for (const auto& [ticket_id, titles] : titles_) {
        const auto it = ticket_by_id.find(ticket_id);
        if (it == ticket_by_id.end()) continue;  // reported above
        const TicketRow& t = *it->second;
        std::size_t last_acked = 0;
        for (std::size_t i = 0; i < titles.size(); ++i) {
            if (titles[i].outcome == Outcome::kAcked) last_acked = i;
        }
        bool allowed = t.title == titles[last_acked].title;
        for (std::size_t i = last_acked + 1; i < titles.size() && !allowed; ++i) {
            allowed = titles[i].outcome == Outcome::kUnknown && t.title == titles[i].title;
        }
        if (!allowed) {
            const std::string what = "ticket " + t.display_id + " is titled " + Quote(t.title) +
                                     ", its last acknowledged title is " +
                                     Quote(titles[last_acked].title);
            (last_acked > 0 ? report.lost : problems).push_back(what);
        }
        for (std::size_t i = 1; i < titles.size(); ++i) {
            const TitleRecord& r = titles[i];
            const auto found = title_changed.find({ticket_id, r.title});
            const int rows = found == title_changed.end() ? 0 : found->second;
            const bool current = t.title == r.title;
            if (r.outcome == Outcome::kAcked && rows == 0) {
                report.lost.push_back("acknowledged rename of " + t.display_id + " to " +
                                      Quote(r.title) + " has no TITLE_CHANGED audit row");
            } else if (rows > 1 || (r.outcome == Outcome::kRefused && rows != 0) ||
                       (current && rows != 1)) {
                problems.push_back(std::string(Name(r.outcome)) + " rename of " + t.display_id +
                                   " to " + Quote(r.title) + " has " + std::to_string(rows) +
                                   " TITLE_CHANGED audit row(s)");
            }
        }
    }
    for (const auto& [key, rows] : title_changed) {
        const auto it = titles_.find(key.first);
        const bool sent = it != titles_.end() &&
                          std::any_of(it->second.begin() + 1, it->second.end(),
                                      [&](const TitleRecord& r) { return r.title == key.second; });
        if (!sent) {
            problems.push_back("TITLE_CHANGED " + Quote(key.second) + " on ticket " + key.first +
                               " was never sent");
        }
    }

    // Comments: every acknowledged one is there, unchanged; refused ones are not; unanswered ones
    // at most once.
    std::set<std::string> sent_bodies;
    for (const auto& c : comments_) {
        sent_bodies.insert(c.body);
        const auto same_body = comments_by_body.find(c.body);
        const std::size_t copies =
            same_body == comments_by_body.end() ? 0 : same_body->second.size();
        if (c.outcome == Outcome::kAcked) {
            const auto it = comment_by_id.find(c.id);
            if (it == comment_by_id.end()) {
                report.lost.push_back("comment " + c.id + " " + Quote(c.body) + " is missing");
            } else if (it->second->body != c.body || it->second->ticket_id != c.ticket_id) {
                report.lost.push_back("comment " + c.id + " differs from what was acknowledged");
            }
            if (copies > 1)
                problems.push_back("comment " + Quote(c.body) + " stored " +
                                   std::to_string(copies) + " times");
        } else if (c.outcome == Outcome::kRefused && copies != 0) {
            problems.push_back("refused (" + std::to_string(c.status) + ") comment " +
                               Quote(c.body) + " exists");
        } else if (copies > 1) {
            problems.push_back("unanswered comment " + Quote(c.body) + " stored " +
                               std::to_string(copies) + " times");
        }
    }
    for (const auto& c : db.comments) {
        if (sent_bodies.count(c.body) == 0)
            problems.push_back("comment " + Quote(c.body) + " was never sent");
    }
    return report;
}

}  // namespace ticketing::testing::reliability
