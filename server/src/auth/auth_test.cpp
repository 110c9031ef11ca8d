#include <crypt.h>
#include <gtest/gtest.h>
#include <jwt.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "auth/api_key.hpp"
#include "auth/jwt.hpp"
#include "auth/password.hpp"

namespace ticketing::auth {
namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef-test";
constexpr std::int64_t kNow = 1'800'000'000;

std::string Base64Url(std::string_view in) {
    static constexpr char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const auto n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
        out += kTable[(n >> 18) & 63];
        out += kTable[(n >> 12) & 63];
        out += kTable[(n >> 6) & 63];
        out += kTable[n & 63];
    }
    if (i + 1 == in.size()) {
        const auto n = static_cast<unsigned char>(in[i]) << 16;
        out += kTable[(n >> 18) & 63];
        out += kTable[(n >> 12) & 63];
    } else if (i + 2 == in.size()) {
        const auto n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += kTable[(n >> 18) & 63];
        out += kTable[(n >> 12) & 63];
        out += kTable[(n >> 6) & 63];
    }
    return out;
}

// A token signed by libjwt with any algorithm and claims, for the negative cases.
std::string Mint(jwt_alg_t alg, const std::string& claims_json, const std::string& key = kSecret) {
    jwt_t* jwt = nullptr;
    jwt_new(&jwt);
    jwt_add_grants_json(jwt, claims_json.c_str());
    jwt_set_alg(jwt, alg, reinterpret_cast<const unsigned char*>(key.data()), static_cast<int>(key.size()));
    char* raw = jwt_encode_str(jwt);
    std::string token = raw != nullptr ? raw : "";
    std::free(raw);
    jwt_free(jwt);
    return token;
}

// A token under any header, signed HS256 with our key, for the header checks.
std::string SignHs256(const std::string& header_json, const std::string& claims_json) {
    const std::string input = Base64Url(header_json) + "." + Base64Url(claims_json);
    const std::string hex = HmacSha256Hex(kSecret, input);
    std::string mac;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        mac += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return input + "." + Base64Url(mac);
}

std::string Claims(std::int64_t iat, std::int64_t exp) {
    return R"({"sub":"u1","tv":0,"iat":)" + std::to_string(iat) + R"(,"exp":)" + std::to_string(exp) + "}";
}

TEST(Passwords, HashesWithArgon2idAtOwaspCostAndVerifies) {
    const std::string hash = HashPassword("correct horse battery");
    EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
    EXPECT_TRUE(VerifyPassword("correct horse battery", hash));
    EXPECT_FALSE(VerifyPassword("correct horse batterz", hash));
    EXPECT_NE(HashPassword("correct horse battery"), hash);  // salted
    EXPECT_FALSE(NeedsRehash(hash));
}

TEST(Passwords, LegacyBcryptHashesVerifyAndAskForARehash) {
    // A $2b$ hash as the original (bcryptjs, cost 10) stored it, made here with libcrypt.
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    ASSERT_NE(crypt_gensalt_rn("$2b$", 10, nullptr, 0, salt, sizeof salt), nullptr);
    crypt_data data{};
    const char* made = crypt_r("admin123", salt, &data);
    ASSERT_NE(made, nullptr);
    const std::string legacy = made;
    ASSERT_EQ(legacy.rfind("$2b$10$", 0), 0u) << legacy;
    EXPECT_TRUE(VerifyPassword("admin123", legacy));
    EXPECT_FALSE(VerifyPassword("admin124", legacy));
    EXPECT_TRUE(NeedsRehash(legacy));
}

TEST(Passwords, DummyHashNeverMatchesAnEmptyOrCommonPassword) {
    EXPECT_FALSE(VerifyPassword("", DummyPasswordHash()));
    EXPECT_FALSE(VerifyPassword("admin123", DummyPasswordHash()));
}

TEST(Jwt, IssuedTokensVerifyWithTheirClaims) {
    const JwtCodec codec(kSecret, 3600);
    const std::string token = codec.Issue({"u1", "admin", "Admin", 7}, kNow);
    const auto claims = codec.Verify(token, kNow + 10);
    ASSERT_TRUE(claims.has_value());
    EXPECT_EQ(claims->user_id, "u1");
    EXPECT_EQ(claims->token_version, 7);
    EXPECT_EQ(claims->expires_at, kNow + 3600);
}

TEST(Jwt, ExpiredTokensAreRejected) {
    const JwtCodec codec(kSecret, 3600);
    const std::string token = codec.Issue({"u1", "admin", "Admin", 0}, kNow);
    EXPECT_TRUE(codec.Verify(token, kNow + 3599).has_value());
    EXPECT_FALSE(codec.Verify(token, kNow + 3600).has_value());
}

TEST(Jwt, AlgorithmIsPinnedToHs256) {
    const JwtCodec codec(kSecret, 3600);
    // libjwt itself accepts these with our key; we must not.
    EXPECT_FALSE(codec.Verify(Mint(JWT_ALG_HS512, Claims(kNow, kNow + 60)), kNow).has_value());
    EXPECT_FALSE(codec.Verify(Mint(JWT_ALG_HS384, Claims(kNow, kNow + 60)), kNow).has_value());
    EXPECT_TRUE(codec.Verify(Mint(JWT_ALG_HS256, Claims(kNow, kNow + 60)), kNow).has_value());
}

TEST(Jwt, AlgorithmNameMustBeExactlyHs256) {
    // libjwt accepts "hS256" as HS256 (found by the jwt fuzzer); the name is case-sensitive.
    const JwtCodec codec(kSecret, 3600);
    EXPECT_TRUE(codec.Verify(SignHs256(R"({"alg":"HS256","typ":"JWT"})", Claims(kNow, kNow + 60)), kNow).has_value());
    for (const std::string alg : {"hS256", "hs256", "Hs256"}) {
        EXPECT_FALSE(codec.Verify(SignHs256(R"({"alg":")" + alg + R"(","typ":"JWT"})", Claims(kNow, kNow + 60)), kNow)
                         .has_value())
            << alg;
    }
}

TEST(Jwt, TypIsAbsentOrExactlyJwt) {
    // A typ that is not a string read as absent to libjwt (found by the jwt fuzzer, 2026-12-04).
    const JwtCodec codec(kSecret, 3600);
    EXPECT_TRUE(codec.Verify(SignHs256(R"({"alg":"HS256"})", Claims(kNow, kNow + 60)), kNow).has_value());
    EXPECT_TRUE(codec.Verify(SignHs256(R"({"alg":"HS256","typ":"JWT"})", Claims(kNow, kNow + 60)), kNow).has_value());
    for (const std::string typ : {"1799999999", "null", "true", R"(["JWT"])", R"({"a":1})", R"("jwt")", R"("JWS")"}) {
        EXPECT_FALSE(codec.Verify(SignHs256(R"({"alg":"HS256","typ":)" + typ + "}", Claims(kNow, kNow + 60)), kNow)
                         .has_value())
            << typ;
    }
}

TEST(Jwt, AlgNoneIsRejected) {
    const JwtCodec codec(kSecret, 3600);
    const std::string unsigned_token = Base64Url(R"({"alg":"none","typ":"JWT"})") + "." +
                                       Base64Url(Claims(kNow, kNow + 60)) + ".";
    EXPECT_FALSE(codec.Verify(unsigned_token, kNow).has_value());
    const std::string with_sig = unsigned_token + "AAAA";
    EXPECT_FALSE(codec.Verify(with_sig, kNow).has_value());
}

TEST(Jwt, BadSignaturesAndTamperedClaimsAreRejected) {
    const JwtCodec codec(kSecret, 3600);
    EXPECT_FALSE(codec.Verify(Mint(JWT_ALG_HS256, Claims(kNow, kNow + 60), kSecret + "x"), kNow).has_value());
    const std::string good = codec.Issue({"u1", "admin", "Admin", 0}, kNow);
    const auto dot1 = good.find('.');
    const auto dot2 = good.find('.', dot1 + 1);
    const std::string forged = good.substr(0, dot1 + 1) +
                               Base64Url(R"({"sub":"u2","tv":0,"iat":)" + std::to_string(kNow) +
                                         R"(,"exp":)" + std::to_string(kNow + 60) + "}") +
                               good.substr(dot2);
    EXPECT_FALSE(codec.Verify(forged, kNow).has_value());
}

TEST(Jwt, MissingOrFutureTimeClaimsAreRejected) {
    const JwtCodec codec(kSecret, 3600);
    EXPECT_FALSE(codec.Verify(Mint(JWT_ALG_HS256, R"({"sub":"u1","tv":0,"iat":1800000000})"), kNow).has_value());
    EXPECT_FALSE(codec.Verify(Mint(JWT_ALG_HS256, Claims(kNow + 600, kNow + 3600)), kNow).has_value());
    EXPECT_FALSE(codec.Verify(Mint(JWT_ALG_HS256, R"({"sub":"u1","tv":0,"iat":1800000000,"exp":1800003600,"nbf":1800001000})"), kNow)
                     .has_value());
}

TEST(Jwt, TimeAndVersionClaimsMustBeIntegers) {
    // libjwt reads a claim that is not a JSON integer as 0: a future iat or nbf written as a real
    // (found by the jwt fuzzer), a string or a boolean must not pass for 0.
    const JwtCodec codec(kSecret, 3600);
    for (const std::string& claims : {
             std::string(R"({"sub":"u1","tv":0,"iat":1.9e9,"exp":1800003600})"),
             std::string(R"({"sub":"u1","tv":0,"iat":18000000e00,"exp":1800003600})"),
             std::string(R"({"sub":"u1","tv":0,"iat":"1900000000","exp":1800003600})"),
             std::string(R"({"sub":"u1","tv":0,"iat":1800000000,"exp":1800003600,"nbf":1.9e9})"),
             std::string(R"({"sub":"u1","tv":0,"iat":1800000000,"exp":1800003600,"nbf":true})"),
             std::string(R"({"sub":"u1","tv":0,"iat":1800000000,"exp":1800003600,"nbf":null})"),
             std::string(R"({"sub":"u1","tv":"0","iat":1800000000,"exp":1800003600})"),
             std::string(R"({"sub":"u1","tv":0,"iat":1800000000,"exp":1.9e9})")}) {
        EXPECT_FALSE(codec.Verify(Mint(JWT_ALG_HS256, claims), kNow).has_value()) << claims;
    }
    EXPECT_TRUE(codec.Verify(Mint(JWT_ALG_HS256, R"({"sub":"u1","tv":0,"iat":1800000000,"exp":1800003600,"nbf":1800000000})"), kNow)
                    .has_value());
}

TEST(Jwt, AVerifiedTokenMeetsTheClockEveryTimeItComesBack) {
    // A token is decoded once (TokenCache); its times must still be checked on every use.
    const JwtCodec codec(kSecret, 3600);
    const std::string token = codec.Issue({"u1", "admin", "Admin", 0}, kNow);
    EXPECT_TRUE(codec.Verify(token, kNow + 10).has_value());
    EXPECT_FALSE(codec.Verify(token, kNow + 3600).has_value()) << "expired";
    EXPECT_FALSE(codec.Verify(token, kNow - kClockSkewSeconds - 1).has_value()) << "issued in the future";
    EXPECT_TRUE(codec.Verify(token, kNow + 20).has_value());

    const std::string later = Mint(JWT_ALG_HS256,
                                   R"({"sub":"u1","tv":0,"iat":1800000000,"exp":1800003600,"nbf":1800000600})");
    EXPECT_FALSE(codec.Verify(later, kNow).has_value()) << "not yet valid";
    EXPECT_TRUE(codec.Verify(later, kNow + 600).has_value());
    EXPECT_FALSE(codec.Verify(later, kNow).has_value()) << "not yet valid, once known";
}

TEST(Jwt, ATokenAlikeToAVerifiedOneIsVerifiedItself) {
    const JwtCodec codec(kSecret, 3600);
    const std::string good = codec.Issue({"u1", "admin", "Admin", 0}, kNow);
    ASSERT_TRUE(codec.Verify(good, kNow).has_value());
    const auto dot1 = good.find('.');
    const auto dot2 = good.find('.', dot1 + 1);
    std::string flipped = good;  // one character of the signature
    flipped[dot2 + 5] = flipped[dot2 + 5] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(codec.Verify(flipped, kNow).has_value());
    const std::string forged = good.substr(0, dot1 + 1) + Base64Url(Claims(kNow, kNow + 60)) + good.substr(dot2);
    EXPECT_FALSE(codec.Verify(forged, kNow).has_value());
    EXPECT_TRUE(codec.Verify(good, kNow).has_value());
}

TEST(TokenCache, KeepsNoMoreThanItsCapacity) {
    TokenCache cache(2);
    const SignedClaims claims{{"u1", 0, kNow, kNow + 60}, std::nullopt};
    cache.Store("a.b.c", claims);
    cache.Store("d.e.f", claims);
    EXPECT_TRUE(cache.Find("a.b.c").has_value());
    cache.Store("g.h.i", claims);  // full: starts over
    EXPECT_FALSE(cache.Find("a.b.c").has_value());
    EXPECT_FALSE(cache.Find("d.e.f").has_value());
    ASSERT_TRUE(cache.Find("g.h.i").has_value());
    EXPECT_EQ(cache.Find("g.h.i")->claims.user_id, "u1");
}

TEST(Jwt, MalformedAndOversizedTokensAreRejected) {
    const JwtCodec codec(kSecret, 3600);
    for (const std::string& bad : {std::string(), std::string("abc"), std::string("a.b"), std::string("a.b.c.d"),
                                   std::string("a!.b.c"), std::string(5000, 'a') + ".b.c"}) {
        EXPECT_FALSE(codec.Verify(bad, kNow).has_value()) << bad.substr(0, 20);
    }
}

TEST(ApiKeys, AreRandomPrefixedAndStoredOnlyAsAHash) {
    const std::string key = GenerateApiKey();
    EXPECT_EQ(key.rfind("sk_", 0), 0u);
    EXPECT_EQ(key.size(), 51u);
    EXPECT_NE(GenerateApiKey(), key);
    const std::string hash = HashApiKey(key);
    EXPECT_EQ(hash.size(), 64u);
    EXPECT_EQ(hash.find(key.substr(3)), std::string::npos);
    EXPECT_EQ(HashApiKey(key), hash);
    EXPECT_TRUE(LooksLikeApiKey(key));
    EXPECT_TRUE(LooksLikeApiKey("sk_" + std::string(64, 'a')));  // the original's sk_ + 64 hex
    EXPECT_FALSE(LooksLikeApiKey("pk_" + key.substr(3)));
    EXPECT_FALSE(LooksLikeApiKey("sk_short"));
}

TEST(ApiKeys, ConstantTimeEqualsComparesWholeStrings) {
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

// FIPS 180-2 examples; each thread reuses one digest context, so hash twice and on a second
// thread too.
TEST(Sha256, MatchesFips180ExamplesAcrossCallsAndThreads) {
    const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const std::string two_blocks = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    EXPECT_EQ(Sha256Hex("abc"), abc);
    EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), two_blocks);
    EXPECT_EQ(Sha256Hex("abc"), abc);
    std::string other;
    std::thread([&] { other = Sha256Hex("abc"); }).join();
    EXPECT_EQ(other, abc);
}

TEST(Hmac, MatchesRfc4231TestCase2) {
    EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace ticketing::auth
