#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "snapshot.hpp"

// What the clients of a reliability run sent and what they were told, and the checker that
// compares it with what the database holds after a crash.
namespace ticketing::testing::reliability {

// 2xx: acknowledged, must survive. 4xx: refused, must have changed nothing. No answer or 5xx:
// unknown, may or may not have happened, but wholly or not at all.
enum class Outcome { kAcked, kRefused, kUnknown };

[[nodiscard]] Outcome Classify(int status);  // 0 = no response

struct CtiRoute {
    std::string category;
    std::string type;
    std::string item;
};

struct CreateRecord {
    std::string title;
    std::string overview;
    std::int64_t severity = 3;
    Outcome outcome = Outcome::kUnknown;
    int status = 0;
    std::string id;          // acked
    std::string display_id;  // acked
};

struct TitleRecord {
    std::string title;
    Outcome outcome = Outcome::kUnknown;
    int status = 0;
};

struct CommentRecord {
    std::string ticket_id;
    std::string body;
    Outcome outcome = Outcome::kUnknown;
    int status = 0;
    std::string id;  // acked
};

struct HistoryCounts {
    std::int64_t acked = 0;
    std::int64_t refused = 0;
    std::int64_t unknown = 0;
    std::int64_t creates = 0;
    std::int64_t comments = 0;
    std::int64_t patches = 0;
};

// Thread-safe. Each ticket is renamed only by the client that created it, one request at a time,
// so its titles are recorded in the order they were sent.
class History {
public:
    void AddCreate(const CreateRecord& record);
    void AddTitle(const std::string& ticket_id, const TitleRecord& record);
    void AddComment(const CommentRecord& record);

    // An acknowledged ticket, chosen at random (nullopt while there is none).
    [[nodiscard]] std::optional<std::string> AnyTicket(std::mt19937& rng) const;
    [[nodiscard]] HistoryCounts Counts() const;

    struct Report {
        std::vector<std::string> lost;      // acknowledged writes missing or different
        std::vector<std::string> problems;  // everything else that is wrong
        std::int64_t tickets = 0;
        std::int64_t comments = 0;
        [[nodiscard]] bool ok() const { return lost.empty() && problems.empty(); }
        [[nodiscard]] std::string Describe(std::size_t max_lines = 20) const;
    };
    // Compares the history with `db` (written by tickets created on `route`).
    [[nodiscard]] Report Check(const Snapshot& db, const CtiRoute& route) const;

private:
    mutable std::mutex mutex_;
    std::vector<CreateRecord> creates_;
    std::map<std::string, std::vector<TitleRecord>> titles_;  // ticket id → creation title, renames
    std::vector<CommentRecord> comments_;
    std::vector<std::string> acked_tickets_;
    HistoryCounts counts_;
};

}  // namespace ticketing::testing::reliability
