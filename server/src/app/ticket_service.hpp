#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/actor.hpp"
#include "domain/ticket.hpp"
#include "domain/views.hpp"
#include "store/snapshot_version.hpp"

namespace ticketing::app {

// The CTI of a new ticket: three ids (the original's contract) or three names (our addition for
// automation); names are resolved to ids inside the transaction.
struct CtiByName {
    std::string category;
    std::string type;
    std::string item;
};

struct NewTicket {
    std::string title;
    std::string overview;
    int severity = 3;
    std::optional<domain::CtiRef> cti;
    std::optional<CtiByName> cti_names;
    std::optional<domain::UserId> assignee;
};

struct TicketPage {
    std::vector<domain::TicketView> tickets;
    std::int64_t total = 0;
    // Where the next page starts, when this page was full (keyset paging).
    std::optional<domain::ListCursor> next;
    // The data this page was read from, when the database can name it (a page cache's key).
    std::optional<store::SnapshotVersion> version;
};

// The unpaginated list when it may be read whole (TicketService::ListWhole).
struct WholeList {
    // False: the caller streams the list instead (TicketService::Stream).
    bool whole = false;
    std::vector<domain::TicketView> tickets;
    // The data the list was read from, when the database can name it (a cache's key).
    std::optional<store::SnapshotVersion> version;
};

// Reads the unpaginated list in batches, each a short read of its own along the list order, so
// the whole result never sits in memory: the HTTP layer serialises each batch and asks for the
// next.
class TicketStream {
public:
    virtual ~TicketStream() = default;
    // The next batch in list order; empty when done.
    virtual std::vector<domain::TicketView> Next() = 0;
};

class TicketService {
public:
    explicit TicketService(AppContext ctx) : ctx_(ctx) {}

    // One page of the list. `rendered`, when given, is asked first with the version of the data
    // the page would be read from (store/snapshot_version.hpp); when it answers
    // true the caller already holds that page and nothing more is read (the result carries only
    // `version`). One read transaction either way, so the check and the read agree.
    [[nodiscard]] TicketPage List(const domain::Actor& actor, const domain::TicketFilter& filter,
                                  const domain::PageRequest& page, bool with_total,
                                  const std::function<bool(const store::SnapshotVersion&)>& rendered = {});
    // The unpaginated list read whole in one read, when its filter is at most a status (so the
    // matches are counted cheaply; from the per-status counters on SQLite) and no more match
    // than `max_tickets()` allows; else `whole` is false and nothing but the count was read.
    // `rendered`, as for List, is asked first with the version of the data; when it answers
    // true, nothing more is read, and only otherwise is `max_tickets` asked (0: stream it).
    // A list read whole comes from one snapshot, no older than `version`.
    [[nodiscard]] WholeList ListWhole(const domain::Actor& actor, const domain::TicketFilter& filter,
                                      const std::function<bool(const store::SnapshotVersion&)>& rendered,
                                      const std::function<std::int64_t()>& max_tickets);
    [[nodiscard]] std::unique_ptr<TicketStream> Stream(const domain::Actor& actor,
                                                       const domain::TicketFilter& filter,
                                                       int batch_size);
    [[nodiscard]] domain::TicketDetail Get(const domain::Actor& actor, const std::string& key);
    // For /metrics (no caller): how many tickets each status holds, in one snapshot.
    [[nodiscard]] std::vector<std::pair<domain::Status, std::int64_t>> CountByStatus();
    domain::TicketView Create(const domain::Actor& actor, const NewTicket& command);
    // `if_match`: the version the client last saw; a different current version is a 412.
    domain::TicketView Update(const domain::Actor& actor, const std::string& key,
                              const domain::TicketPatch& patch,
                              std::optional<std::int64_t> if_match);
    void Delete(const domain::Actor& actor, const std::string& key);
    [[nodiscard]] std::vector<domain::AuditView> Audit(const domain::Actor& actor,
                                                       const std::string& key);

private:
    AppContext ctx_;
};

// Checks filter values that the store cannot (search length); throws kInvalidInput.
void ValidateFilter(const domain::TicketFilter& filter);

}  // namespace ticketing::app
