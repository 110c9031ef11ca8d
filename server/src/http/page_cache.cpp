#include "http/page_cache.hpp"

namespace ticketing::http {
namespace {

std::string Key(std::string_view target, std::uint64_t session) {
    std::string key(target);
    key += '\n';
    key += std::to_string(session);
    return key;
}

}  // namespace

std::shared_ptr<const PageCache::Page> PageCache::Find(std::string_view target,
                                                       const store::SnapshotVersion& version) {
    const std::string key = Key(target, version.session);
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end() || it->second.data != version.data) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second.page;
}

void PageCache::Store(std::string_view target, const store::SnapshotVersion& version,
                      std::shared_ptr<const Page> page) {
    if (page == nullptr || page->body.size() > max_page_bytes_) return;
    std::shared_ptr<const Page> same;
    {
        std::lock_guard lock(mutex_);
        if (const auto it = latest_.find(std::string(target)); it != latest_.end()) same = it->second.lock();
    }
    // Compared outside the lock: a list can be megabytes.
    if (same != nullptr && same != page && same->total == page->total &&
        same->next_cursor == page->next_cursor && same->body == page->body) {
        page = std::move(same);
    }
    std::string key = Key(target, version.session);
    // The key is held twice (map and LRU list); the rest is the page and the entry.
    const std::size_t cost = key.size() * 2 + version.data.size() + page->body.size() +
                             page->next_cursor.size() + sizeof(Page) + sizeof(Entry);
    if (cost > max_bytes_) return;
    std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(key); it != entries_.end()) Erase(it);
    while (bytes_ + cost > max_bytes_ && !lru_.empty()) Erase(entries_.find(lru_.back()));
    // Bounded by the live pages: those no entry or response holds any more are swept out.
    if (latest_.size() > 2 * entries_.size() + 16) {
        std::erase_if(latest_, [](const auto& item) { return item.second.expired(); });
    }
    latest_[std::string(target)] = page;
    lru_.push_front(key);
    entries_.emplace(std::move(key), Entry{version.data, std::move(page), lru_.begin(), cost});
    bytes_ += cost;
}

void PageCache::Erase(std::unordered_map<std::string, Entry>::iterator it) {
    bytes_ -= it->second.cost;
    lru_.erase(it->second.lru);
    entries_.erase(it);
}

PageCache::Stats PageCache::stats() const {
    std::lock_guard lock(mutex_);
    return {hits_, misses_, entries_.size(), bytes_};
}

}  // namespace ticketing::http
