// Clock skew (TESTPLAN REL-26): the real `ticketing` binary with its clock moved by libfaketime
// (LD_PRELOAD; FAKETIME_DONT_FAKE_MONOTONIC=1 so the job timers, which use the steady clock,
// keep real time). Under the ASan build the ASan runtime is preloaded first, as for libfiu.
//
// - Tokens: servers on one database take turns; a token issued by a server 5 min ahead is
//   refused (401) by one with the true clock (its iat is > 60 s in the future), 30 s ahead and
//   5 min behind are accepted; a token is refused by a server whose clock is 30 s or 90 s past
//   its exp (docs/security.md: exp has no leeway) and accepted 60 s before it. Each token's iat
//   is decoded to check that the issuing server's clock really was moved.
// - DST: the server under TZ=America/New_York resolves a ticket at t0 (clock moved to a week
//   before a DST switch), then servers started at t0+14d−1h and t0+14d+1h (spring) or t0+14d+1min
//   (autumn) run the auto-close job: it closes at 14 days of UTC time, not 14 local calendar days
//   (which would close an hour early in spring and an hour late in autumn).
// Unit tests (Jwt.*) check the same rules on the codec with a fake clock; this runs them through
// the process's real clock.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <thread>

#include "platform/clock.hpp"
#include "snapshot.hpp"
#include "world.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace ticketing::testing::reliability {
namespace {

namespace bj = boost::json;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::int64_t WallSeconds() { return platform::SystemClock().NowMs() / 1000; }

std::string FakeTimeLibrary() {
    for (const char* dir : {"/usr/lib/x86_64-linux-gnu/faketime", "/usr/lib/aarch64-linux-gnu/faketime",
                            "/usr/lib/faketime", "/usr/local/lib/faketime"}) {
        const auto lib = std::filesystem::path(dir) / "libfaketime.so.1";
        if (std::filesystem::exists(lib)) return lib.string();
    }
    return {};
}

// `base` with the clock moved by `offset_s` seconds (0: the true clock, no preload).
Env WithClock(Env env, std::int64_t offset_s) {
    if (offset_s == 0) return env;
    const std::string faketime = FakeTimeLibrary();
    if (faketime.empty()) throw std::runtime_error("libfaketime missing (apt-get install libfaketime)");
    // The ASan runtime must come first in the library list (or ASan refuses to start); its
    // clock_gettime interceptor then calls on into libfaketime's.
    const std::string asan = LoadedLibrary("/libasan.so");
    env["LD_PRELOAD"] = asan.empty() ? faketime : asan + " " + faketime;
    env["FAKETIME"] = (offset_s > 0 ? "+" : "") + std::to_string(offset_s);
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1";
    return env;
}

std::string Base64UrlDecode(std::string_view in) {
    std::string out;
    int bits = 0;
    unsigned value = 0;
    for (const char c : in) {
        int v = -1;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '-') v = 62;
        else if (c == '_') v = 63;
        if (v < 0) break;
        value = (value << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((value >> bits) & 0xff);
        }
    }
    return out;
}

// A claim of the token's payload (not verified: only to see the issuer's clock).
std::int64_t Claim(const std::string& token, const char* name) {
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    const auto payload = Base64UrlDecode(std::string_view(token).substr(first + 1, second - first - 1));
    return bj::value_to<std::int64_t>(bj::parse(payload).at(name));
}

// One `ticketing serve` at a time on the world's database, its clock moved by `offset_s`.
class SkewedServer {
public:
    SkewedServer(const World& world, const Env& env, std::int64_t offset_s, const std::string& name)
        : offset_s_(offset_s),
          server_(TicketingBinary(), WithClock(env, offset_s), world.dir / (name + ".log")) {
        server_.Start(std::chrono::seconds(60));
    }
    ~SkewedServer() {
        if (server_.Running()) {
            EXPECT_EQ(server_.Stop(), 0);
            EXPECT_EQ(server_.SanitizerReport(), "");
        }
    }
    SkewedServer(const SkewedServer&) = delete;
    SkewedServer& operator=(const SkewedServer&) = delete;

    [[nodiscard]] Client http() const { return Client(server_.port()); }
    [[nodiscard]] ServerProcess& process() { return server_; }
    [[nodiscard]] std::int64_t offset() const { return offset_s_; }

    // GET /api/auth/me with the token: the status.
    int Me(const std::string& token) const {
        return http().Get("/api/auth/me", {{"Authorization", "Bearer " + token}}).status;
    }

    // Waits until the auto-close job has finished at least one run on this instance.
    void WaitForAutoCloseRun() const {
        static const std::string series = "ticketing_job_runs_total{job=\"auto-close\"} ";
        const auto deadline = Steady::now() + std::chrono::seconds(60);
        while (Steady::now() < deadline) {
            const auto res = http().Get("/metrics");
            // RunNow counts a run when it begins: two runs begun means the first one finished.
            const auto at = res.status == 200 ? res.body.find(series) : std::string::npos;
            if (at != std::string::npos && std::stod(res.body.substr(at + series.size())) >= 2) {
                return;
            }
            std::this_thread::sleep_for(milliseconds(100));
        }
        throw std::runtime_error("the auto-close job did not run within 60 s");
    }

private:
    std::int64_t offset_s_;
    ServerProcess server_;
};

TEST(ClockSkew, TokensFromAFastIssuerAndPastTheirExpiryAreRefused) {
    World world = MakeWorld();
    Env env = world.server_env;
    env["JWT_TTL_HOURS"] = "1";
    const std::int64_t ttl = 3600;
    const char* db_name = UsingPostgres() ? "postgres" : "sqlite";

    struct Issued {
        std::int64_t offset;
        std::string token;
        std::int64_t iat_ahead;  // the token's iat minus the true time when it was issued
    };
    std::vector<Issued> issued;
    for (const std::int64_t offset : {300, 30, -300}) {
        SkewedServer issuer(world, env, offset, "issuer" + std::to_string(offset));
        const std::int64_t before = WallSeconds();
        const std::string token = Login(issuer.http(), "admin", world.admin_password);
        const std::int64_t after = WallSeconds();
        const std::int64_t iat = Claim(token, "iat");
        // The issuer's clock really was moved (within the second or two of the exchange).
        EXPECT_GE(iat, before + offset - 2) << "FAKETIME " << offset << " did not move the clock";
        EXPECT_LE(iat, after + offset + 2) << "FAKETIME " << offset << " did not move the clock";
        EXPECT_EQ(issuer.Me(token), 200) << "the issuer refused its own token";
        issued.push_back({offset, token, iat - after});
    }

    std::string fresh;
    std::int64_t fresh_exp = 0;
    {
        SkewedServer truth(world, env, 0, "true-clock");
        for (const auto& t : issued) {
            const int expected = t.offset > 60 ? 401 : 200;
            EXPECT_EQ(truth.Me(t.token), expected)
                << "a token from an issuer " << t.offset << " s off (iat " << t.iat_ahead
                << " s ahead of the true clock)";
            std::cout << "[reliability] issuer clock " << std::showpos << t.offset << std::noshowpos
                      << " s: iat " << t.iat_ahead << " s ahead -> " << expected << std::endl;
        }
        fresh = Login(truth.http(), "admin", world.admin_password);
        fresh_exp = Claim(fresh, "exp");
        EXPECT_EQ(Claim(fresh, "exp") - Claim(fresh, "iat"), ttl);
        EXPECT_EQ(truth.Me(fresh), 200);
    }

    // Servers whose clocks stand 60 s before, 30 s after and 90 s after the token's exp.
    struct Late {
        std::int64_t past_exp;
        int expected;
    };
    std::string late_figures;
    for (const Late late : {Late{-60, 200}, Late{30, 401}, Late{90, 401}}) {
        const std::int64_t offset = fresh_exp + late.past_exp - WallSeconds();
        SkewedServer verifier(world, env, offset, "late" + std::to_string(late.past_exp));
        const int status = verifier.Me(fresh);
        const std::int64_t past = WallSeconds() + offset - fresh_exp;
        EXPECT_EQ(status, late.expected)
            << "server clock " << past << " s past the token's exp (docs/security.md: no leeway)";
        const std::string where = past < 0 ? std::to_string(-past) + " s before exp"
                                           : std::to_string(past) + " s past exp";
        std::cout << "[reliability] server clock " << where << " -> " << status << std::endl;
        late_figures += (late_figures.empty() ? "" : ", ") + where + " -> " + std::to_string(status);
    }

    std::cout << "[figures] clock skew tokens " << db_name << ": issuer +300 s -> 401, +30 s -> "
              << "200, -300 s -> 200 at a true-clock server; " << late_figures
              << " (libfaketime, exp leeway 0 s, iat leeway 60 s)" << std::endl;
}

struct TicketState {
    std::string status;
    long long resolved_at = 0;
    int close_rows = 0;
    long long closed_at = 0;  // the close audit row's time
};

TicketState ReadTicket(const World& world, const std::string& id) {
    const auto session = OpenSession(world.database->url());
    TicketState t;
    soci::indicator ind = soci::i_ok;
    *session << "SELECT status, resolved_at FROM tickets WHERE id = :id", soci::into(t.status),
        soci::into(t.resolved_at, ind), soci::use(id);
    soci::rowset<soci::row> rows =
        (session->prepare << "SELECT CAST(created_at AS TEXT) FROM audit_log WHERE ticket_id = :id "
                             "AND action = 'STATUS_CHANGED' AND detail = 'Resolved → Closed'",
         soci::use(id));
    for (const auto& row : rows) {
        ++t.close_rows;
        t.closed_at = std::stoll(row.get<std::string>(0));
    }
    return t;
}

// "+1 h", "-1 min", "+30 s".
std::string Span(std::int64_t s) {
    const std::string sign = s < 0 ? "-" : "+";
    const std::int64_t a = s < 0 ? -s : s;
    if (a % 3600 == 0) return sign + std::to_string(a / 3600) + " h";
    if (a % 60 == 0) return sign + std::to_string(a / 60) + " min";
    return sign + std::to_string(a) + " s";
}

// A DST change between a resolve and its auto-close. The switch dates are those of
// America/New_York in 2026 (8 March, 1 November); t0 is a week before, at 12:00 UTC.
struct DstCase {
    const char* name;
    std::int64_t t0_s;
    // (seconds after t0 + 14 d, closed?)
    std::vector<std::pair<std::int64_t, bool>> probes;
};

TEST(ClockSkew, AutoCloseAcrossADstChangeClosesAtFourteenUtcDays) {
    World world = MakeWorld();
    Env env = world.server_env;
    env["TZ"] = "America/New_York";
    env["AUTO_CLOSE_INTERVAL_SECONDS"] = "1";
    const char* db_name = UsingPostgres() ? "postgres" : "sqlite";
    const std::int64_t day = 86400;
    const std::vector<DstCase> cases = {
        // 2026-03-01T12:00Z = 07:00 EST; 14 local days later is 07:00 EDT = t0 + 14 d − 1 h.
        {"spring (EST -> EDT, 2026-03-08)", 1772366400, {{-3600, false}, {3600, true}}},
        // 2026-10-25T12:00Z = 08:00 EDT; 14 local days later is 08:00 EST = t0 + 14 d + 1 h.
        {"autumn (EDT -> EST, 2026-11-01)", 1792929600, {{-3600, false}, {60, true}}},
    };
    std::string figures;
    for (const auto& c : cases) {
        std::string id;
        {
            SkewedServer resolver(world, env, c.t0_s - WallSeconds(), "resolve");
            const Client http = resolver.http();
            const auto auth = world.KeyHeader();
            const CtiRoute route = FindRoute(http, auth);
            const auto res = http.Post(
                "/api/tickets",
                bj::serialize(bj::object{{"title", std::string("dst ") + c.name}, {"severity", 3},
                                         {"categoryId", route.category}, {"typeId", route.type},
                                         {"itemId", route.item}}),
                auth);
            ASSERT_EQ(res.status, 201) << res.body;
            id = bj::value_to<std::string>(bj::parse(res.body).at("id"));
            const auto patch = http.Patch("/api/tickets/" + id, R"({"status":"RESOLVED"})", auth);
            ASSERT_EQ(patch.status, 200) << patch.body;
        }
        const TicketState resolved = ReadTicket(world, id);
        ASSERT_EQ(resolved.status, "RESOLVED");
        const std::int64_t resolved_s = resolved.resolved_at / 1000;
        EXPECT_NEAR(static_cast<double>(resolved_s), static_cast<double>(c.t0_s), 30.0)
            << c.name << ": the resolving server's clock was not at t0";
        std::cout << "[reliability] " << c.name << ": resolved at " << resolved.resolved_at
                  << " ms (t0 " << c.t0_s << " s)" << std::endl;
        for (const auto& [after_14d, should_close] : c.probes) {
            const std::int64_t at = resolved_s + 14 * day + after_14d;
            SkewedServer probe(world, env, at - WallSeconds(), "probe");
            probe.WaitForAutoCloseRun();
            const TicketState state = ReadTicket(world, id);
            EXPECT_EQ(state.status, should_close ? "CLOSED" : "RESOLVED")
                << c.name << ": clock at t0 + 14 d " << Span(after_14d);
            EXPECT_EQ(state.close_rows, should_close ? 1 : 0) << c.name;
            if (should_close && state.close_rows == 1) {
                // Closed by this server, at 14 UTC days or after, not before.
                EXPECT_GE(state.closed_at, resolved.resolved_at + 14 * day * 1000) << c.name;
            }
            std::cout << "[reliability] " << c.name << ": clock at t0 + 14 d " << Span(after_14d)
                      << " -> " << state.status << std::endl;
            figures += std::string(figures.empty() ? "" : "; ") + c.name + " at t0 + 14 d " +
                       Span(after_14d) + " " + state.status;
        }
    }
    std::cout << "[figures] clock skew DST " << db_name << " (TZ=America/New_York, libfaketime): "
              << figures << std::endl;
}

}  // namespace
}  // namespace ticketing::testing::reliability
