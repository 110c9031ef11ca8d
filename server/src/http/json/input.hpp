#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace ticketing::http::json {

inline constexpr std::size_t kMaxDepth = 32;

// Parses a request body as strict JSON (RFC 8259): no comments or trailing commas, nesting at
// most kMaxDepth, valid UTF-8 without lone surrogate escapes, no duplicate keys in an object,
// only finite numbers. Throws domain::Error(kInvalidInput) saying what is wrong.
[[nodiscard]] boost::json::value ParseBody(std::string_view body);

// Typed access to the members of a JSON object. Unknown members are refused (a typo must not
// be silently ignored), as is a member of the wrong type; each refusal is a 400 naming the field.
class Fields {
public:
    Fields(const boost::json::value& value, std::initializer_list<std::string_view> allowed);

    [[nodiscard]] bool Has(std::string_view key) const;
    [[nodiscard]] std::optional<std::string> String(std::string_view key) const;
    [[nodiscard]] std::string RequiredString(std::string_view key) const;
    // Absent → nullopt; null → engaged empty; string → engaged value.
    [[nodiscard]] std::optional<std::optional<std::string>> NullableString(std::string_view key) const;
    // An integer in [min, max]; 3.0, "3", true and 1e308 are all refused.
    [[nodiscard]] std::optional<std::int64_t> Integer(std::string_view key, std::int64_t min,
                                                      std::int64_t max) const;
    [[nodiscard]] std::optional<bool> Bool(std::string_view key) const;
    [[nodiscard]] const boost::json::value* Object(std::string_view key) const;

private:
    [[nodiscard]] const boost::json::value* Find(std::string_view key) const;
    const boost::json::object* object_;
};

}  // namespace ticketing::http::json
