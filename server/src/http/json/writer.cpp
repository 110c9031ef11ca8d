#include "http/json/writer.hpp"

#include <charconv>

namespace ticketing::http::json {
namespace {

// Howard Hinnant's days-from-civil inverse: exact for the proleptic Gregorian calendar, and
// much cheaper than gmtime_r (no locale or time zone lookup).
void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

void Put2(char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
}

constexpr std::size_t kTimeLength = 24;  // 2026-03-30T10:00:00.000Z

// Writes the kTimeLength characters of FormatTime to `p`: Writer::Time appends them without the
// heap allocation a std::string of 24 characters costs (beyond the small-string buffer).
void PutTime(char* p, std::int64_t epoch_ms) {
    std::int64_t days = epoch_ms / 86'400'000;
    std::int64_t rem = epoch_ms % 86'400'000;
    if (rem < 0) {
        rem += 86'400'000;
        --days;
    }
    std::int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    CivilFromDays(days, year, month, day);
    const auto ms = static_cast<unsigned>(rem % 1000);
    const auto secs = static_cast<unsigned>(rem / 1000);
    const auto y = static_cast<unsigned>(year);
    p[0] = static_cast<char>('0' + (y / 1000) % 10);
    p[1] = static_cast<char>('0' + (y / 100) % 10);
    Put2(p + 2, y % 100);
    p[4] = '-';
    Put2(p + 5, month);
    p[7] = '-';
    Put2(p + 8, day);
    p[10] = 'T';
    Put2(p + 11, secs / 3600);
    p[13] = ':';
    Put2(p + 14, (secs / 60) % 60);
    p[16] = ':';
    Put2(p + 17, secs % 60);
    p[19] = '.';
    p[20] = static_cast<char>('0' + ms / 100);
    Put2(p + 21, ms % 100);
    p[23] = 'Z';
}

}  // namespace

void AppendEscaped(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0x0F];
        }
    }
    out.append(text.data() + run, text.size() - run);
}

std::string FormatTime(std::int64_t epoch_ms) {
    std::string out(kTimeLength, '\0');
    PutTime(out.data(), epoch_ms);
    return out;
}

void Writer::Separate() {
    if (need_comma_) out_ += ',';
}

Writer& Writer::BeginObject() {
    Separate();
    out_ += '{';
    need_comma_ = false;
    return *this;
}

Writer& Writer::EndObject() {
    out_ += '}';
    need_comma_ = true;
    return *this;
}

Writer& Writer::BeginArray() {
    Separate();
    out_ += '[';
    need_comma_ = false;
    return *this;
}

Writer& Writer::EndArray() {
    out_ += ']';
    need_comma_ = true;
    return *this;
}

Writer& Writer::Key(std::string_view key) {
    Separate();
    out_ += '"';
    out_ += key;
    out_ += "\":";
    need_comma_ = false;
    return *this;
}

Writer& Writer::EscapedKey(std::string_view key) {
    Separate();
    out_ += '"';
    AppendEscaped(out_, key);
    out_ += "\":";
    need_comma_ = false;
    return *this;
}

Writer& Writer::String(std::string_view value) {
    Separate();
    out_ += '"';
    AppendEscaped(out_, value);
    out_ += '"';
    need_comma_ = true;
    return *this;
}

Writer& Writer::Int(std::int64_t value) {
    Separate();
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, result.ptr);
    need_comma_ = true;
    return *this;
}

Writer& Writer::Bool(bool value) {
    Separate();
    out_ += value ? "true" : "false";
    need_comma_ = true;
    return *this;
}

Writer& Writer::Null() {
    Separate();
    out_ += "null";
    need_comma_ = true;
    return *this;
}

Writer& Writer::Time(std::int64_t epoch_ms) {
    Separate();
    char buf[kTimeLength + 2];
    buf[0] = '"';
    PutTime(buf + 1, epoch_ms);
    buf[kTimeLength + 1] = '"';
    out_.append(buf, sizeof buf);
    need_comma_ = true;
    return *this;
}

Writer& Writer::OptionalString(const std::optional<std::string>& value) {
    return value ? String(*value) : Null();
}

Writer& Writer::OptionalTime(const std::optional<std::int64_t>& epoch_ms) {
    return epoch_ms ? Time(*epoch_ms) : Null();
}

}  // namespace ticketing::http::json
