#include "domain/ticket.hpp"

#include <gtest/gtest.h>

#include "domain/display_id.hpp"

namespace ticketing::domain {
namespace {

Ticket Sample() {
    Ticket t;
    t.id = {"t1"};
    t.display_id = "V000000001";
    t.title = "Disk full";
    t.overview = "Node 3";
    t.severity = 3;
    t.status = Status::kOpen;
    t.cti = {{"c1"}, {"y1"}, {"i1"}};
    t.created_by = {"u1"};
    t.created_at = t.updated_at = 1000;
    return t;
}

TEST(TicketPatch, OneAuditEntryPerChangedFieldInReadmeWording) {
    TicketPatch patch;
    patch.title = "Disk full on node 3";
    patch.severity = 1;
    patch.status = Status::kInProgress;
    patch.assignee = std::optional<UserId>(UserId{"josh"});
    PatchNames names;
    names.new_assignee = "Josh";
    const auto changes = ApplyPatch(Sample(), patch, names, 2000);
    ASSERT_EQ(changes.audit.size(), 4u);
    EXPECT_EQ(changes.audit[0].action, AuditAction::kTitleChanged);
    EXPECT_EQ(*changes.audit[0].detail, "Disk full on node 3");
    EXPECT_EQ(changes.audit[1].action, AuditAction::kSeverityChanged);
    EXPECT_EQ(*changes.audit[1].detail, "SEV 3 → SEV 1");
    EXPECT_EQ(changes.audit[2].action, AuditAction::kStatusChanged);
    EXPECT_EQ(*changes.audit[2].detail, "Open → In Progress");
    EXPECT_EQ(changes.audit[3].action, AuditAction::kAssigneeChanged);
    EXPECT_EQ(*changes.audit[3].detail, "Unassigned → Josh");
    EXPECT_EQ(changes.updated.version, 2);
    EXPECT_EQ(changes.updated.updated_at, 2000);
}

TEST(TicketPatch, SameValuesAreNoChangeAndWriteNothing) {
    TicketPatch patch;
    patch.title = "Disk full";
    patch.severity = 3;
    patch.status = Status::kOpen;
    patch.category = CategoryId{"c1"};
    const auto changes = ApplyPatch(Sample(), patch, {}, 2000);
    EXPECT_TRUE(changes.audit.empty());
    EXPECT_EQ(changes.updated.version, 1);
    EXPECT_EQ(changes.updated.updated_at, 1000);
}

TEST(TicketPatch, OverviewChangeHasNoDetail) {
    TicketPatch patch;
    patch.overview = "New text";
    const auto changes = ApplyPatch(Sample(), patch, {}, 2000);
    ASSERT_EQ(changes.audit.size(), 1u);
    EXPECT_EQ(changes.audit[0].action, AuditAction::kOverviewChanged);
    EXPECT_FALSE(changes.audit[0].detail.has_value());
}

TEST(TicketPatch, RerouteNamesBothPaths) {
    TicketPatch patch;
    patch.item = ItemId{"i2"};
    PatchNames names;
    names.old_route = {"Ops", "Storage", "Disk"};
    names.new_route = {"Ops", "Storage", "Array"};
    const auto changes = ApplyPatch(Sample(), patch, names, 2000);
    ASSERT_EQ(changes.audit.size(), 1u);
    EXPECT_EQ(changes.audit[0].action, AuditAction::kRerouted);
    EXPECT_EQ(*changes.audit[0].detail, "Ops › Storage › Disk → Ops › Storage › Array");
    EXPECT_EQ(changes.updated.cti.item.value, "i2");
}

TEST(TicketPatch, ResolvingStartsTheTimerAndReopeningResetsIt) {
    TicketPatch resolve;
    resolve.status = Status::kResolved;
    const auto resolved = ApplyPatch(Sample(), resolve, {}, 5000).updated;
    EXPECT_EQ(resolved.resolved_at, 5000);

    TicketPatch reopen;
    reopen.status = Status::kOpen;
    EXPECT_FALSE(ApplyPatch(resolved, reopen, {}, 6000).updated.resolved_at.has_value());

    TicketPatch close;
    close.status = Status::kClosed;
    EXPECT_EQ(ApplyPatch(resolved, close, {}, 7000).updated.resolved_at, 5000);
}

TEST(TicketPatch, UnassigningSaysUnassigned) {
    Ticket t = Sample();
    t.assignee = UserId{"josh"};
    TicketPatch patch;
    patch.assignee = std::optional<UserId>();
    PatchNames names;
    names.old_assignee = "Josh";
    const auto changes = ApplyPatch(t, patch, names, 2000);
    ASSERT_EQ(changes.audit.size(), 1u);
    EXPECT_EQ(*changes.audit[0].detail, "Josh → Unassigned");
    EXPECT_FALSE(changes.updated.assignee.has_value());
}

TEST(AutoClose, DueExactlyAfterTheWindow) {
    Ticket t = Sample();
    t.status = Status::kResolved;
    t.resolved_at = 0;
    const std::int64_t fourteen_days = 14LL * 24 * 3600 * 1000;
    EXPECT_FALSE(IsDueForAutoClose(t, fourteen_days - 1, fourteen_days));
    EXPECT_TRUE(IsDueForAutoClose(t, fourteen_days, fourteen_days));
    t.status = Status::kOpen;
    EXPECT_FALSE(IsDueForAutoClose(t, fourteen_days * 2, fourteen_days));
}

TEST(DisplayId, ShapeIsVAndNineDigits) {
    EXPECT_TRUE(IsDisplayId("V325813929"));
    EXPECT_FALSE(IsDisplayId("V32581392"));
    EXPECT_FALSE(IsDisplayId("v325813929"));
    EXPECT_FALSE(IsDisplayId("V32581392x"));
    EXPECT_EQ(FormatDisplayId(42), "V000000042");
    EXPECT_EQ(FormatDisplayId(1'999'999'999ULL), "V999999999");
}

}  // namespace
}  // namespace ticketing::domain
