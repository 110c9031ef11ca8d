#include "app/auth_service.hpp"

#include "auth/api_key.hpp"
#include "auth/password.hpp"
#include "domain/errors.hpp"
#include "domain/policy.hpp"
#include "store/user_repository.hpp"

namespace ticketing::app {
namespace {

using domain::Errc;
using domain::Error;

constexpr std::size_t kMaxCredentialLength = 1024;

Error Unauthenticated() { return Error(Errc::kUnauthenticated, "Authentication required"); }

domain::Actor ToActor(const domain::User& user) {
    return {user.id, user.role, user.username, user.display_name, user.email};
}

}  // namespace

LoginResult AuthService::Login(std::string_view username, std::string_view password) {
    const std::int64_t now = ctx_.clock.NowMs();
    if (const auto wait = throttle_.RetryAfterSeconds(username, now)) {
        throw Error(Errc::kTooManyRequests, "Too many failed logins for this account; try again later")
            .WithRetryAfter(static_cast<int>(*wait));
    }
    std::optional<domain::User> user;
    if (!username.empty() && username.size() <= kMaxCredentialLength) {
        user = ctx_.db.Read([&](store::Tx& tx) {
            return store::UserRepository(tx).FindByUsername(username);
        });
    }
    const bool can_log_in =
        user && user->role != domain::Role::kService && user->password_hash.has_value();
    // Always verify something, so an unknown user costs as much as a wrong password.
    const std::string& hash = can_log_in ? *user->password_hash : auth::DummyPasswordHash();
    const bool verified = password.size() <= kMaxCredentialLength &&
                          auth::VerifyPassword(password, hash);
    if (!can_log_in || !verified) {
        throttle_.RecordFailure(username, now);
        throw Error(Errc::kUnauthenticated, "Invalid credentials");
    }
    throttle_.RecordSuccess(username);

    if (auth::NeedsRehash(hash)) {
        // A legacy (bcrypt) or weaker hash: replace it now that we know the password.
        const std::string upgraded = auth::HashPassword(password);
        ctx_.db.Write([&](store::Tx& tx) {
            store::UserRepository users(tx);
            auto fresh = users.FindById(user->id);
            if (!fresh || fresh->password_hash != user->password_hash) return;
            fresh->password_hash = upgraded;
            users.Update(*fresh);
        });
    }
    return {IssueToken(*user), *user};
}

std::string AuthService::IssueToken(const domain::User& user) const {
    return jwt_.Issue({user.id.value, user.username, user.display_name, user.token_version},
                      ctx_.clock.NowMs() / 1000);
}

domain::Actor AuthService::AuthenticateBearer(std::string_view token, bool note_snapshot,
                                              const std::optional<std::string>& given) {
    const auto claims = jwt_.Verify(token, ctx_.clock.NowMs() / 1000);
    if (!claims) throw Unauthenticated();
    const auto user = ctx_.db.Read([&](store::Tx& tx) -> std::optional<domain::User> {
        store::UserRepository users(tx);
        const domain::UserId id{claims->user_id};
        // SQLite names the version by the shared read's own transaction, read later in it.
        if (!note_snapshot || tx.dialect() != store::Dialect::kPostgres) return users.FindById(id);
        // The version the request's page is named by: a snapshot taken after the request came,
        // one query for all requests that wait at the same time. At the same snapshot the
        // user's row is the row read last time.
        std::optional<std::string> snapshot = given ? given : snapshots_.Current(tx);
        if (!snapshot) return users.FindById(id);  // the page check asks for its own
        auto row = recent_users_.Find(id, *snapshot);
        if (!row) {
            row = users.FindById(id);
            if (row) recent_users_.Store(*row, *snapshot);
        }
        tx.NoteSnapshot(std::move(*snapshot));
        return row;
    });
    // The token version ends sessions at once on logout, password or role change and deletion.
    if (!user || user->token_version != claims->token_version ||
        user->role == domain::Role::kService) {
        throw Unauthenticated();
    }
    return ToActor(*user);
}

domain::Actor AuthService::AuthenticateApiKey(std::string_view key) {
    if (!auth::LooksLikeApiKey(key)) throw Unauthenticated();
    const std::string hash = auth::HashApiKey(key);
    const auto user = ctx_.db.Read(
        [&](store::Tx& tx) { return store::UserRepository(tx).FindByApiKeyHash(hash); });
    if (!user || user->role != domain::Role::kService || !user->api_key_hash ||
        !auth::ConstantTimeEquals(*user->api_key_hash, hash)) {
        throw Unauthenticated();
    }
    return ToActor(*user);
}

domain::User AuthService::Me(const domain::Actor& actor) const {
    // The actor was read from the database when this request was authenticated: reading the
    // same row again would only cost a query. The public fields only: no hashes.
    domain::User user;
    user.id = actor.id;
    user.username = actor.username;
    user.display_name = actor.display_name;
    user.email = actor.email;
    user.role = actor.role;
    return user;
}

void AuthService::Logout(const domain::Actor& actor) {
    ctx_.db.Write([&](store::Tx& tx) {
        store::UserRepository users(tx);
        auto user = users.FindById(actor.id);
        if (!user) return;
        ++user->token_version;
        user->updated_at = ctx_.clock.NowMs();
        users.Update(*user);
    });
}

std::string AuthService::ChangePassword(const domain::Actor& actor, std::string_view current,
                                        std::string_view next) {
    domain::RequirePermission(actor, domain::Action::kChangeOwnPassword);
    domain::ValidateNewPassword(next);
    const auto stored = ctx_.db.Read(
        [&](store::Tx& tx) { return store::UserRepository(tx).FindById(actor.id); });
    if (!stored) throw Unauthenticated();
    const domain::User& before = *stored;  // with its password hash, which the actor lacks
    // The same brake as logins, on the same account: a stolen session must not be able to guess
    // its owner's password at hashing speed.
    const std::int64_t now = ctx_.clock.NowMs();
    if (const auto wait = throttle_.RetryAfterSeconds(before.username, now)) {
        throw Error(Errc::kTooManyRequests, "Too many wrong passwords for this account; try again later")
            .WithRetryAfter(static_cast<int>(*wait));
    }
    if (!before.password_hash || current.size() > kMaxCredentialLength ||
        !auth::VerifyPassword(current, *before.password_hash)) {
        throttle_.RecordFailure(before.username, now);
        domain::FailField("currentPassword", "is not your current password");
    }
    const std::string hash = auth::HashPassword(next);
    const domain::User after = ctx_.db.Write([&](store::Tx& tx) {
        store::UserRepository users(tx);
        auto user = users.FindById(actor.id);
        if (!user) throw Unauthenticated();
        user->password_hash = hash;
        ++user->token_version;
        user->updated_at = ctx_.clock.NowMs();
        users.Update(*user);
        return *user;
    });
    return IssueToken(after);
}

}  // namespace ticketing::app
