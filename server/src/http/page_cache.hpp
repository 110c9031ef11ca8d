#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/snapshot_version.hpp"

namespace ticketing::http {

// Rendered ticket-list pages (GET /api/tickets?…&limit=N), reused while the data they were read
// from is unchanged. A dashboard polled by many people asks for the same page again and again;
// with a hit the server sends the stored bytes after one small read that proves the data is still
// the same version, instead of reading and rendering 50 tickets and counting the matches.
// Entries are keyed by request target and the version's session (a SQLite data version is only
// comparable within its session; PostgreSQL versions are shared, session 0:
// store/snapshot_version.hpp); a page read at another version is never served. Bounded in
// bytes, least recently used first out.
class PageCache {
public:
    struct Page {
        std::string body;
        std::int64_t total = 0;
        std::string next_cursor;  // empty when the page was the last
    };
    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
        std::size_t bytes = 0;
    };

    PageCache(std::size_t max_bytes, std::size_t max_page_bytes)
        : max_bytes_(max_bytes), max_page_bytes_(max_page_bytes) {}

    // The page stored for `target` at exactly `version`, or null (counted as a miss).
    [[nodiscard]] std::shared_ptr<const Page> Find(std::string_view target, const store::SnapshotVersion& version);
    // Stores `page` as read at `version`, replacing what the session had for `target`. Pages
    // larger than the per-page limit are not kept. A page equal to the one last stored for the
    // same target (another SQLite session that read the same data) is kept as that one: one
    // copy of the bytes, however many sessions name it. Each entry is still counted in full, so
    // the byte limit bounds the memory held rather than measuring it.
    void Store(std::string_view target, const store::SnapshotVersion& version, std::shared_ptr<const Page> page);

    [[nodiscard]] Stats stats() const;

private:
    struct Entry {
        std::string data;
        std::shared_ptr<const Page> page;
        std::list<std::string>::iterator lru;
        std::size_t cost = 0;  // what it adds to bytes_
    };
    void Erase(std::unordered_map<std::string, Entry>::iterator it);

    const std::size_t max_bytes_;
    const std::size_t max_page_bytes_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    // The page last stored per target, while anything still holds it.
    std::unordered_map<std::string, std::weak_ptr<const Page>> latest_;
    std::list<std::string> lru_;  // most recently used first
    std::size_t bytes_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace ticketing::http
