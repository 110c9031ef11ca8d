#include "http/json/input.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <cmath>
#include <set>
#include <vector>

#include "domain/errors.hpp"
#include "domain/text.hpp"

namespace ticketing::http::json {
namespace {

namespace bj = boost::json;
using domain::FailField;

enum class Refusal { kNone, kDuplicateKey, kNonFinite };

// boost::json's own value-building handler, plus duplicate-key and non-finite-number checks.
struct StrictHandler {
    static constexpr std::size_t max_object_size = bj::object::max_size();
    static constexpr std::size_t max_array_size = bj::array::max_size();
    static constexpr std::size_t max_key_size = bj::string::max_size();
    static constexpr std::size_t max_string_size = bj::string::max_size();

    explicit StrictHandler(bj::storage_ptr sp) : st(std::move(sp)) { st.reset(); }

    bj::value_stack st;
    std::vector<std::set<std::string>> keys;  // one set per open object
    std::string key;
    Refusal refusal = Refusal::kNone;
    std::string duplicate;

    bool Fail(bj::error_code& ec, Refusal why) {
        refusal = why;
        ec = bj::error::syntax;
        return false;
    }

    bool on_document_begin(bj::error_code&) { return true; }
    bool on_document_end(bj::error_code&) { return true; }
    bool on_object_begin(bj::error_code&) {
        keys.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t n, bj::error_code&) {
        keys.pop_back();
        st.push_object(n);
        return true;
    }
    bool on_array_begin(bj::error_code&) { return true; }
    bool on_array_end(std::size_t n, bj::error_code&) {
        st.push_array(n);
        return true;
    }
    bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
        key.append(s.data(), s.size());
        st.push_chars(s);
        return true;
    }
    bool on_key(bj::string_view s, std::size_t, bj::error_code& ec) {
        key.append(s.data(), s.size());
        if (!keys.back().insert(key).second) {
            duplicate = key;
            return Fail(ec, Refusal::kDuplicateKey);
        }
        key.clear();
        st.push_key(s);
        return true;
    }
    bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
        st.push_string(s);
        return true;
    }
    bool on_number_part(bj::string_view, bj::error_code&) { return true; }
    bool on_int64(std::int64_t i, bj::string_view, bj::error_code&) {
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, bj::string_view, bj::error_code&) {
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, bj::string_view, bj::error_code& ec) {
        if (!std::isfinite(d)) return Fail(ec, Refusal::kNonFinite);
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, bj::error_code&) {
        st.push_bool(b);
        return true;
    }
    bool on_null(bj::error_code&) {
        st.push_null();
        return true;
    }
    bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
    bool on_comment(bj::string_view, bj::error_code&) { return true; }
};

[[noreturn]] void Malformed(const std::string& why) {
    throw domain::Error(domain::Errc::kInvalidInput, "Malformed JSON body: " + why);
}

std::string KindOf(const bj::value& v) {
    switch (v.kind()) {
        case bj::kind::null:
            return "null";
        case bj::kind::bool_:
            return "a boolean";
        case bj::kind::int64:
        case bj::kind::uint64:
        case bj::kind::double_:
            return "a number";
        case bj::kind::string:
            return "a string";
        case bj::kind::array:
            return "an array";
        case bj::kind::object:
            return "an object";
    }
    return "a value";
}

}  // namespace

bj::value ParseBody(std::string_view body) {
    if (body.empty()) Malformed("the body is empty");
    // Boost.JSON decodes \uD800 escapes into invalid UTF-8 only if asked to; rejecting invalid
    // UTF-8 up front also covers raw bytes.
    if (!domain::CountCodePoints(body)) Malformed("the body is not valid UTF-8");
    bj::parse_options options;
    options.max_depth = kMaxDepth;
    bj::basic_parser<StrictHandler> parser(options, bj::storage_ptr());
    bj::error_code ec;
    const std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
    if (!ec && used != body.size()) ec = bj::error::extra_data;
    if (ec) {
        switch (parser.handler().refusal) {
            case Refusal::kDuplicateKey:
                Malformed("duplicate key '" + parser.handler().duplicate + "'");
            case Refusal::kNonFinite:
                Malformed("a number is out of range");
            case Refusal::kNone:
                break;
        }
        if (ec == bj::error::too_deep) {
            Malformed("nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        Malformed(ec.message());
    }
    return parser.handler().st.release();
}

Fields::Fields(const bj::value& value, std::initializer_list<std::string_view> allowed) {
    object_ = value.if_object();
    if (object_ == nullptr) {
        throw domain::Error(domain::Errc::kInvalidInput,
                            "The body must be a JSON object, not " + KindOf(value));
    }
    for (const auto& member : *object_) {
        const std::string_view key(member.key().data(), member.key().size());
        bool known = false;
        for (const auto a : allowed) known = known || a == key;
        if (!known) FailField(std::string(key), "is not a field of this request");
    }
}

const bj::value* Fields::Find(std::string_view key) const {
    return object_->if_contains(bj::string_view(key.data(), key.size()));
}

bool Fields::Has(std::string_view key) const { return Find(key) != nullptr; }

std::optional<std::string> Fields::String(std::string_view key) const {
    const bj::value* v = Find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) FailField(std::string(key), "must be a string, not " + KindOf(*v));
    return std::string(v->get_string().data(), v->get_string().size());
}

std::string Fields::RequiredString(std::string_view key) const {
    auto value = String(key);
    if (!value) FailField(std::string(key), "is required");
    return *value;
}

std::optional<std::optional<std::string>> Fields::NullableString(std::string_view key) const {
    const bj::value* v = Find(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) FailField(std::string(key), "must be a string or null, not " + KindOf(*v));
    return std::optional<std::string>(std::string(v->get_string().data(), v->get_string().size()));
}

std::optional<std::int64_t> Fields::Integer(std::string_view key, std::int64_t min,
                                            std::int64_t max) const {
    const bj::value* v = Find(key);
    if (v == nullptr) return std::nullopt;
    const std::string name(key);
    const std::string range = std::to_string(min) + "-" + std::to_string(max);
    if (v->is_int64()) {
        const std::int64_t i = v->get_int64();
        if (i < min || i > max) FailField(name, "must be " + range + ", got " + std::to_string(i));
        return i;
    }
    // JavaScript clients cannot tell 3 from 3.0, so an integral double is accepted.
    if (v->is_double() && std::trunc(v->get_double()) == v->get_double() &&
        v->get_double() >= static_cast<double>(min) && v->get_double() <= static_cast<double>(max)) {
        return static_cast<std::int64_t>(v->get_double());
    }
    if (v->is_uint64() || v->is_double()) {
        FailField(name, "must be a whole number " + range);
    }
    FailField(name, "must be a number " + range + ", not " + KindOf(*v));
}

std::optional<bool> Fields::Bool(std::string_view key) const {
    const bj::value* v = Find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_bool()) FailField(std::string(key), "must be true or false, not " + KindOf(*v));
    return v->get_bool();
}

const bj::value* Fields::Object(std::string_view key) const {
    const bj::value* v = Find(key);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) FailField(std::string(key), "must be an object, not " + KindOf(*v));
    return v;
}

}  // namespace ticketing::http::json
