#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ticketing::http::json {

// Appends JSON to a string with no intermediate tree: the list endpoints serialise thousands of
// tickets per request, and building a boost::json::value first would double the work.
class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}

    Writer& BeginObject();
    Writer& EndObject();
    Writer& BeginArray();
    Writer& EndArray();
    // `key` must be a plain ASCII name (our own field names); it is not escaped.
    Writer& Key(std::string_view key);
    // A key from outside our code (e.g. an unknown field a client sent): escaped.
    Writer& EscapedKey(std::string_view key);
    Writer& String(std::string_view value);
    Writer& Int(std::int64_t value);
    Writer& Bool(bool value);
    Writer& Null();
    // Epoch milliseconds as ISO-8601 UTC with milliseconds: 2026-03-30T10:00:00.000Z.
    Writer& Time(std::int64_t epoch_ms);
    Writer& OptionalString(const std::optional<std::string>& value);
    Writer& OptionalTime(const std::optional<std::int64_t>& epoch_ms);

private:
    void Separate();
    std::string& out_;
    bool need_comma_ = false;
};

// Escapes `text` as the inside of a JSON string (no quotes) onto `out`.
void AppendEscaped(std::string& out, std::string_view text);

// ISO-8601 UTC with milliseconds.
[[nodiscard]] std::string FormatTime(std::int64_t epoch_ms);

}  // namespace ticketing::http::json
