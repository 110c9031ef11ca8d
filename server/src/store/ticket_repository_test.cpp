// The write-path statements that answer in one round trip what used to take several: a route's
// three rows in one query, and an insert that reports a taken display id instead of a look-up
// before it; and the listing of a ticket's comments, read from an index alone. On a real,
// migrated SQLite file.
#include "store/ticket_repository.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "platform/config.hpp"
#include "store/audit_repository.hpp"
#include "store/comment_repository.hpp"
#include "store/cti_repository.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"

namespace ticketing::store {
namespace {

class TicketRepositoryTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("ticket-repository-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        db_ = Database::Open(platform::ParseDatabaseUrl("sqlite:" + (dir_ / "db.sqlite").string()), {});
        (void)Migrator(*db_).Apply();
        db_->Write([](Tx& tx) {
            tx.connection().ExecScript(
                "INSERT INTO categories (id, name, created_at) VALUES ('c1', 'Cat', 1), ('c2', 'Other', 1);"
                "INSERT INTO types (id, category_id, name, created_at) VALUES ('t1', 'c1', 'Type', 2);"
                "INSERT INTO items (id, type_id, name, created_at) VALUES ('i1', 't1', 'Item', 3);");
        });
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }

    static domain::Ticket Ticket(const std::string& id, const std::string& display_id) {
        domain::Ticket t;
        t.id = {id};
        t.display_id = display_id;
        t.title = "Title " + id;
        t.overview = "Overview";
        t.severity = 3;
        t.cti = {{"c1"}, {"t1"}, {"i1"}};
        t.created_by = {"system"};
        t.created_at = 10;
        t.updated_at = 10;
        return t;
    }

    std::filesystem::path dir_;
    std::unique_ptr<Database> db_;
};

TEST_F(TicketRepositoryTest, InsertReturnsTheSeqAndRefusesATakenDisplayIdWritingNothing) {
    const auto first = db_->Write([](Tx& tx) { return TicketRepository(tx).Insert(Ticket("a", "V000000001"), "audit-a"); });
    ASSERT_TRUE(first.has_value());
    const auto second = db_->Write([](Tx& tx) { return TicketRepository(tx).Insert(Ticket("b", "V000000002"), "audit-b"); });
    ASSERT_TRUE(second.has_value());
    EXPECT_GT(*second, *first);

    const auto taken = db_->Write([](Tx& tx) { return TicketRepository(tx).Insert(Ticket("c", "V000000001"), "audit-c"); });
    EXPECT_FALSE(taken.has_value());
    db_->Read([&](Tx& tx) {
        TicketRepository tickets(tx);
        EXPECT_FALSE(tickets.FindView("c").has_value()) << "a refused insert writes nothing";
        const auto a = tickets.FindView("V000000001");
        ASSERT_TRUE(a.has_value());
        EXPECT_EQ(a->ticket.id.value, "a");
        EXPECT_EQ(a->seq, *first);
        EXPECT_EQ(tickets.Count({}), 2);
        // Each written ticket has its CREATED audit row; the refused one wrote none.
        const auto audit = AuditRepository(tx).ListForTicket({"a"});
        ASSERT_EQ(audit.size(), 1U);
        EXPECT_EQ(audit[0].action, domain::AuditAction::kCreated);
        EXPECT_EQ(audit[0].created_at, 10);
        long long rows = -1;
        Query q(tx.connection().sql(), tx.dialect());
        q.Out(rows);
        q.Prepare("SELECT COUNT(*) FROM audit_log");
        ASSERT_TRUE(q.Run());
        EXPECT_EQ(rows, 2);
    });
}

TEST_F(TicketRepositoryTest, FindRouteReturnsEachRowThatExists) {
    db_->Read([](Tx& tx) {
        CtiRepository cti(tx);
        const auto whole = cti.FindRoute({{"c1"}, {"t1"}, {"i1"}});
        ASSERT_TRUE(whole.category && whole.type && whole.item);
        EXPECT_EQ(whole.category->name, "Cat");
        EXPECT_EQ(whole.type->name, "Type");
        EXPECT_EQ(whole.type->category_id.value, "c1");
        EXPECT_EQ(whole.item->name, "Item");
        EXPECT_EQ(whole.item->type_id.value, "t1");
        EXPECT_EQ(whole.item->created_at, 3);

        const auto partial = cti.FindRoute({{"c2"}, {"nope"}, {"i1"}});
        EXPECT_EQ(partial.category->name, "Other");
        EXPECT_FALSE(partial.type.has_value());
        ASSERT_TRUE(partial.item.has_value());

        const auto none = cti.FindRoute({{"x"}, {"y"}, {"z"}});
        EXPECT_FALSE(none.category || none.type || none.item);
    });
}

TEST_F(TicketRepositoryTest, ATicketsCommentsComeInOrderFromTheListingIndexAlone) {
    db_->Write([](Tx& tx) {
        TicketRepository tickets(tx);
        ASSERT_TRUE(tickets.Insert(Ticket("a", "V000000001"), "audit-a").has_value());
        ASSERT_TRUE(tickets.Insert(Ticket("b", "V000000002"), "audit-b").has_value());
        // The two tickets' comments arrive interleaved, two of them in the same millisecond:
        // the listing's order is the order of writing (seq), not the time.
        CommentRepository comments(tx);
        const char* order[][3] = {{"a1", "a", "first"}, {"b1", "b", "other"}, {"a2", "a", "second"},
                                  {"b2", "b", "other"}, {"a3", "a", "third"}};
        for (const auto& [id, ticket, body] : order) {
            comments.Insert({{id}, {ticket}, {"system"}, body, 20, 21});
        }
    });
    db_->Read([](Tx& tx) {
        const auto listed = CommentRepository(tx).ListForTicket({"a"});
        ASSERT_EQ(listed.size(), 3U);
        const char* ids[] = {"a1", "a2", "a3"};
        const char* bodies[] = {"first", "second", "third"};
        for (std::size_t i = 0; i < listed.size(); ++i) {
            EXPECT_EQ(listed[i].comment.id.value, ids[i]);
            EXPECT_EQ(listed[i].comment.ticket_id.value, "a");
            EXPECT_EQ(listed[i].comment.body, bodies[i]);
            EXPECT_EQ(listed[i].comment.created_at, 20);
            EXPECT_EQ(listed[i].comment.updated_at, 21);
            EXPECT_EQ(listed[i].author.username, "system");
            EXPECT_EQ(listed[i].author.display_name, "System");
        }

        // SQLite's plan for the same statement: the comments come from the index, and the table
        // is not read (a column missing from the index would make it "USING INDEX").
        std::string plan;
        std::string step;
        std::string ticket = "a";
        long long id = 0;
        long long parent = 0;
        long long unused = 0;
        Query q(tx.connection().sql(), tx.dialect());
        q.In(ticket).Out(id).Out(parent).Out(unused).Out(step);
        q.Prepare("EXPLAIN QUERY PLAN " + CommentRepository::ListForTicketSql());
        for (bool row = q.Execute(); row; row = q.Next()) plan += step + "\n";
        EXPECT_NE(plan.find("SEARCH c USING COVERING INDEX comments_ticket (ticket_id=?)"),
                  std::string::npos)
            << plan;
    });
}

}  // namespace
}  // namespace ticketing::store
