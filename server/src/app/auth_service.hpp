#pragma once

#include <string>
#include <string_view>

#include "app/context.hpp"
#include "app/login_throttle.hpp"
#include "app/recent_users.hpp"
#include "auth/jwt.hpp"
#include "domain/actor.hpp"
#include "domain/user.hpp"
#include "store/shared_snapshot.hpp"

namespace ticketing::app {

struct LoginResult {
    std::string token;
    domain::User user;
};

// Who is calling: password login, bearer tokens, API keys, and ending sessions. Every failure
// to authenticate is the same Error(kUnauthenticated) so responses cannot tell causes apart.
class AuthService {
public:
    AuthService(AppContext ctx, const auth::JwtCodec& jwt, LoginThrottle& throttle)
        : ctx_(ctx), jwt_(jwt), throttle_(throttle) {}

    // Unknown user, wrong password, service account and deleted user all fail alike, in the
    // same time (a dummy hash is verified when there is no real one). 429 while throttled.
    LoginResult Login(std::string_view username, std::string_view password);

    // `note_snapshot`: the request goes on to read a snapshot version in the same read. On
    // PostgreSQL that is `given` (a snapshot taken after the request arrived, on its I/O
    // thread: store::SnapshotFeed), else one shared with concurrent requests
    // (store::SharedSnapshot); the user's row is reused while the snapshot has not moved
    // (RecentUsers).
    [[nodiscard]] domain::Actor AuthenticateBearer(std::string_view token, bool note_snapshot = false,
                                                   const std::optional<std::string>& given = std::nullopt);
    [[nodiscard]] domain::Actor AuthenticateApiKey(std::string_view key);

    // The signed-in user's public fields (id, username, displayName, email, role), as read when
    // the request was authenticated.
    [[nodiscard]] domain::User Me(const domain::Actor& actor) const;

    // Ends every session of the actor (all tokens issued so far).
    void Logout(const domain::Actor& actor);

    // Self-service change: checks the current password, ends other sessions, returns a new token.
    std::string ChangePassword(const domain::Actor& actor, std::string_view current,
                               std::string_view next);

    [[nodiscard]] std::string IssueToken(const domain::User& user) const;

private:
    AppContext ctx_;
    const auth::JwtCodec& jwt_;
    LoginThrottle& throttle_;
    store::SharedSnapshot snapshots_;
    RecentUsers recent_users_;
};

}  // namespace ticketing::app
