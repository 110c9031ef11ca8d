#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/user.hpp"
#include "domain/views.hpp"
#include "store/connection.hpp"

namespace ticketing::store {

// Users. "Live" users are those not deleted; deleted users keep their row so that tickets,
// comments and audit entries stay attributed.
class UserRepository {
public:
    explicit UserRepository(Tx& tx) : tx_(tx) {}

    [[nodiscard]] std::optional<domain::User> FindById(const domain::UserId& id);
    [[nodiscard]] std::optional<domain::User> FindByUsername(std::string_view username);
    [[nodiscard]] std::optional<domain::User> FindByApiKeyHash(std::string_view hash);
    // Live accounts people can see and assign, ordered by display name (no built-in accounts).
    [[nodiscard]] std::vector<domain::User> List();
    [[nodiscard]] std::optional<domain::UserSummary> Summary(const domain::UserId& id);

    [[nodiscard]] bool UsernameTaken(std::string_view username);
    [[nodiscard]] bool EmailTaken(std::string_view email, const domain::UserId& except);

    void Insert(const domain::User& user);
    // Writes every mutable field of a live user; false if there is none with that id.
    bool Update(const domain::User& user);
    // Deletes a live user: keeps the row for history, drops credentials, ends sessions.
    bool MarkDeleted(const domain::UserId& id, std::int64_t now_ms);

private:
    Tx& tx_;
};

}  // namespace ticketing::store
