#include "store/user_repository.hpp"

#include <string>

#include "store/codes.hpp"
#include "store/sql.hpp"

namespace ticketing::store {
namespace {

using domain::User;

constexpr std::string_view kUserColumns =
    "id, username, email, display_name, role, password_hash, api_key_hash, token_version, "
    "created_at, updated_at";

// "SELECT <the columns of UserColumns> FROM users "
std::string SelectUser() { return "SELECT " + std::string(kUserColumns) + " FROM users "; }

struct UserColumns {
    std::string id;
    std::string username;
    std::string email;
    std::string display_name;
    std::string role;
    Nullable<std::string> password_hash;
    Nullable<std::string> api_key_hash;
    long long token_version = 0;
    long long created_at = 0;
    long long updated_at = 0;

    void Bind(Query& q) {
        q.Out(id).Out(username).Out(email).Out(display_name).Out(role).Out(password_hash);
        q.Out(api_key_hash).Out(token_version).Out(created_at).Out(updated_at);
    }
    [[nodiscard]] User ToUser() const {
        return User{{id},           username,
                    email,          display_name,
                    ParseRoleCode(role), password_hash.Get(),
                    api_key_hash.Get(), token_version,
                    created_at,     updated_at};
    }
};

// SELECT one live user by a single text key.
struct FindUserBy final : PreparedStatement {
    std::string key;
    UserColumns row;
    Query q;
    FindUserBy(soci::session& sql, Dialect d, const std::string& column) : q(sql, d) {
        q.In(key);
        row.Bind(q);
        q.Prepare(SelectUser() + "WHERE " + column +
                  " = :key AND deleted_at IS NULL AND is_system = 0");
    }
};

std::optional<User> FindBy(Tx& tx, const std::string& column, std::string_view key) {
    auto& s = tx.connection().Prepared<FindUserBy>(column);
    s.key = std::string(key);
    if (!s.q.Run()) return std::nullopt;
    return s.row.ToUser();
}

struct ListUsers final : PreparedStatement {
    UserColumns row;
    Query q;
    ListUsers(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        row.Bind(q);
        q.Prepare(SelectUser() +
                  "WHERE deleted_at IS NULL AND is_system = 0 ORDER BY display_name, username");
    }
};

// Summaries include deleted and built-in users: history must still name them.
struct UserSummaryById final : PreparedStatement {
    std::string id;
    std::string username;
    std::string display_name;
    Query q;
    UserSummaryById(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(id).Out(username).Out(display_name);
        q.Prepare("SELECT username, display_name FROM users WHERE id = :id");
    }
};

struct CountLive final : PreparedStatement {
    std::string value;
    std::string except;
    long long count = 0;
    Query q;
    CountLive(soci::session& sql, Dialect d, const std::string& which) : q(sql, d) {
        q.In(value);
        if (which == "email") q.In(except);
        q.Out(count);
        q.Prepare(which == "email"
                      ? "SELECT COUNT(*) FROM users WHERE lower(email) = lower(:email) AND "
                        "id <> :except AND deleted_at IS NULL"
                      : "SELECT COUNT(*) FROM users WHERE username = :username AND "
                        "deleted_at IS NULL");
    }
};

struct UserParams {
    std::string id;
    std::string username;
    std::string email;
    std::string display_name;
    std::string role;
    Nullable<std::string> password_hash;
    Nullable<std::string> api_key_hash;
    long long token_version = 0;
    long long created_at = 0;
    long long updated_at = 0;

    void From(const User& u) {
        id = u.id.value;
        username = u.username;
        email = u.email;
        display_name = u.display_name;
        role = std::string(RoleCode(u.role));
        password_hash.Set(u.password_hash);
        api_key_hash.Set(u.api_key_hash);
        token_version = u.token_version;
        created_at = u.created_at;
        updated_at = u.updated_at;
    }
};

struct InsertUser final : PreparedStatement {
    UserParams p;
    Query q;
    InsertUser(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(p.id).In(p.username).In(p.email).In(p.display_name).In(p.role).In(p.password_hash);
        q.In(p.api_key_hash).In(p.token_version).In(p.created_at).In(p.updated_at);
        q.Prepare(
            "INSERT INTO users (id, username, email, display_name, role, password_hash, "
            "api_key_hash, token_version, created_at, updated_at) VALUES (:id, :username, :email, "
            ":display_name, :role, :password_hash, :api_key_hash, :token_version, :created_at, "
            ":updated_at)");
    }
};

struct UpdateUser final : PreparedStatement {
    UserParams p;
    Query q;
    UpdateUser(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(p.username).In(p.email).In(p.display_name).In(p.role).In(p.password_hash);
        q.In(p.api_key_hash).In(p.token_version).In(p.updated_at).In(p.id);
        q.Prepare(
            "UPDATE users SET username = :username, email = :email, display_name = :display_name, "
            "role = :role, password_hash = :password_hash, api_key_hash = :api_key_hash, "
            "token_version = :token_version, updated_at = :updated_at "
            "WHERE id = :id AND deleted_at IS NULL AND is_system = 0");
    }
};

struct MarkUserDeleted final : PreparedStatement {
    long long now = 0;
    long long now2 = 0;
    std::string id;
    Query q;
    MarkUserDeleted(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(now).In(now2).In(id);
        q.Prepare(
            "UPDATE users SET deleted_at = :now, updated_at = :updated, password_hash = NULL, "
            "api_key_hash = NULL, token_version = token_version + 1 "
            "WHERE id = :id AND deleted_at IS NULL AND is_system = 0");
    }
};

}  // namespace

std::optional<User> UserRepository::FindById(const domain::UserId& id) {
    return FindBy(tx_, "id", id.value);
}

std::optional<User> UserRepository::FindByUsername(std::string_view username) {
    return FindBy(tx_, "username", username);
}

std::optional<User> UserRepository::FindByApiKeyHash(std::string_view hash) {
    return FindBy(tx_, "api_key_hash", hash);
}

std::vector<User> UserRepository::List() {
    auto& s = tx_.connection().Prepared<ListUsers>();
    std::vector<User> out;
    for (bool row = s.q.Execute(); row; row = s.q.Next()) out.push_back(s.row.ToUser());
    return out;
}

std::optional<domain::UserSummary> UserRepository::Summary(const domain::UserId& id) {
    auto& s = tx_.connection().Prepared<UserSummaryById>();
    s.id = id.value;
    if (!s.q.Run()) return std::nullopt;
    return domain::UserSummary{id, s.username, s.display_name};
}

bool UserRepository::UsernameTaken(std::string_view username) {
    auto& s = tx_.connection().Prepared<CountLive>("username");
    s.value = std::string(username);
    s.q.Run();
    return s.count > 0;
}

bool UserRepository::EmailTaken(std::string_view email, const domain::UserId& except) {
    auto& s = tx_.connection().Prepared<CountLive>("email");
    s.value = std::string(email);
    s.except = except.value;
    s.q.Run();
    return s.count > 0;
}

void UserRepository::Insert(const User& user) {
    auto& s = tx_.connection().Prepared<InsertUser>();
    s.p.From(user);
    s.q.Run();
}

bool UserRepository::Update(const User& user) {
    auto& s = tx_.connection().Prepared<UpdateUser>();
    s.p.From(user);
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

bool UserRepository::MarkDeleted(const domain::UserId& id, std::int64_t now_ms) {
    auto& s = tx_.connection().Prepared<MarkUserDeleted>();
    s.now = now_ms;
    s.now2 = now_ms;
    s.id = id.value;
    s.q.Run();
    return s.q.AffectedRows() > 0;
}

}  // namespace ticketing::store
