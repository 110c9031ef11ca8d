// FZ: JWT verification (auth/jwt.cpp). Mode byte & 3: 0 = the rest is a token as received;
// 1/2/3 = the rest is "<header JSON>\n<payload JSON>", signed here with our key using HS256 /
// HS384 / HS512, so the fuzzer reaches the algorithm and claim checks behind the signature.
#include <boost/json/value.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <optional>

#include "auth/jwt.hpp"
#include "domain/errors.hpp"
#include "fuzz_support.hpp"
#include "http/json/input.hpp"

namespace {

using ticketing::fuzz::Require;
namespace bj = boost::json;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::string_view kSecret = "jwt-fuzz-secret-0123456789abcdef0123456789";

const ticketing::auth::JwtCodec& Codec() {
    static const ticketing::auth::JwtCodec codec{std::string(kSecret), 3600};
    return codec;
}

std::string Base64Url(std::string_view in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    const auto byte = [&](std::size_t k) {
        return static_cast<unsigned>(static_cast<unsigned char>(in[k]));
    };
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        for (const int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
    }
    if (i + 1 == in.size()) {
        const unsigned v = byte(i) << 16;
        for (const int shift : {18, 12}) out += kAlphabet[(v >> shift) & 63];
    } else if (i + 2 == in.size()) {
        const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
        for (const int shift : {18, 12, 6}) out += kAlphabet[(v >> shift) & 63];
    }
    return out;
}

std::string Sign(const EVP_MD* md, std::string_view input) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(md, kSecret.data(), static_cast<int>(kSecret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
    return std::string(reinterpret_cast<const char*>(mac), length);
}

std::optional<std::int64_t> Integer(const bj::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return INT64_MAX;
    return std::nullopt;
}

// An accepted token, re-checked with our own strict JSON parser (skipped where that parser
// refuses the JSON: then libjwt's parser and ours could read it differently).
void CheckAccepted(std::string_view header, std::string_view payload,
                   const ticketing::auth::TokenClaims& claims) {
    bj::value h;
    bj::value p;
    try {
        h = ticketing::http::json::ParseBody(header);
        p = ticketing::http::json::ParseBody(payload);
    } catch (const ticketing::domain::Error&) {
        return;
    }
    Require(h.is_object() && p.is_object(),
            "a token accepted whose header or payload is not an object");
    const auto* alg = h.as_object().if_contains("alg");
    Require(alg != nullptr && alg->is_string() && alg->as_string() == "HS256",
            "a token accepted whose alg is not HS256");
    const auto* typ = h.as_object().if_contains("typ");
    Require(typ == nullptr || (typ->is_string() && typ->as_string() == "JWT"),
            "a token accepted with typ other than JWT");
    const auto& o = p.as_object();
    const auto exp = Integer(o, "exp");
    const auto iat = Integer(o, "iat");
    Require(exp && *exp > kNow, "an expired token, or one without an integer exp, was accepted");
    Require(iat && *iat <= kNow + ticketing::auth::kClockSkewSeconds,
            "a token issued in the future was accepted");
    if (o.contains("nbf")) {
        const auto nbf = Integer(o, "nbf");
        Require(nbf && *nbf <= kNow + ticketing::auth::kClockSkewSeconds,
                "a token not yet valid was accepted");
    }
    const auto* sub = o.if_contains("sub");
    Require(sub != nullptr && sub->is_string() && !sub->as_string().empty() &&
                claims.user_id == sub->as_string(),
            "the accepted subject is not the token's sub");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned mode = data[0] & 3U;
    const std::string_view rest = ticketing::fuzz::AsText(data + 1, size - 1);
    if (mode == 0) {
        (void)Codec().Verify(rest, kNow);
        return 0;
    }
    const auto newline = rest.find('\n');
    if (newline == std::string_view::npos) return 0;
    const std::string_view header = rest.substr(0, newline);
    const std::string_view payload = rest.substr(newline + 1);
    const EVP_MD* md = mode == 1 ? EVP_sha256() : mode == 2 ? EVP_sha384() : EVP_sha512();
    const std::string signing_input = Base64Url(header) + "." + Base64Url(payload);
    const std::string token = signing_input + "." + Base64Url(Sign(md, signing_input));
    const auto claims = Codec().Verify(token, kNow);
    if (!claims) return 0;
    Require(mode == 1, "a token signed with HS384/HS512 was accepted");
    CheckAccepted(header, payload, *claims);
    return 0;
}
