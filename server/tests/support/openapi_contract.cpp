#include "openapi_contract.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <regex>

#include "http/openapi.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;

std::string S(bj::string_view v) { return std::string(v.data(), v.size()); }

std::vector<std::string> Segments(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        out.emplace_back(path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

std::string Lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string KindOf(const bj::value& v) {
    switch (v.kind()) {
        case bj::kind::null:
            return "null";
        case bj::kind::bool_:
            return "boolean";
        case bj::kind::int64:
        case bj::kind::uint64:
            return "integer";
        case bj::kind::double_:
            return "number";
        case bj::kind::string:
            return "string";
        case bj::kind::array:
            return "array";
        case bj::kind::object:
            return "object";
    }
    return "?";
}

bool IsType(const bj::value& v, std::string_view type) {
    if (type == "null") return v.is_null();
    if (type == "boolean") return v.is_bool();
    if (type == "string") return v.is_string();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    if (type == "number") return v.is_number();
    if (type == "integer") {
        return v.is_int64() || v.is_uint64() ||
               (v.is_double() &&
                v.get_double() == static_cast<double>(static_cast<long long>(v.get_double())));
    }
    return false;
}

double AsDouble(const bj::value& v) {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    return v.get_double();
}

std::string Short(const bj::value& v) {
    std::string text = bj::serialize(v);
    if (text.size() > 80) text = text.substr(0, 77) + "...";
    return text;
}

const std::regex kDateTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");

}  // namespace

const OpenApiContract& OpenApiContract::Served() {
    static const OpenApiContract contract(bj::parse(http::OpenApiJson()));
    return contract;
}

OpenApiContract::OpenApiContract(bj::value spec) : spec_(std::move(spec)) {}

const bj::value& OpenApiContract::Resolve(const bj::value& node) const {
    const bj::value* at = &node;
    for (int hops = 0; hops < 16 && at->is_object() && at->as_object().contains("$ref"); ++hops) {
        const std::string ref = S(at->as_object().at("$ref").as_string());
        if (ref.rfind("#/", 0) != 0) throw std::runtime_error("unsupported $ref " + ref);
        const bj::value* target = &spec_;
        for (const auto& part : Segments(ref.substr(1))) {
            const auto* object = target->if_object();
            target = object != nullptr ? object->if_contains(part) : nullptr;
            if (target == nullptr) throw std::runtime_error("dangling $ref " + ref);
        }
        at = target;
    }
    return *at;
}

std::string OpenApiContract::MatchPath(std::string_view path) const {
    const auto wanted = Segments(path);
    std::string best;
    int best_literals = -1;
    for (const auto& [key, item] : spec_.at("paths").as_object()) {
        const auto pattern = Segments(std::string_view(key.data(), key.size()));
        if (pattern.size() != wanted.size()) continue;
        int literals = 0;
        bool match = true;
        for (std::size_t i = 0; i < pattern.size() && match; ++i) {
            const bool capture = !pattern[i].empty() && pattern[i].front() == '{';
            if (capture) {
                match = !wanted[i].empty();
            } else {
                match = pattern[i] == wanted[i];
                ++literals;
            }
        }
        // As the router does: literal segments beat captures.
        if (match && literals > best_literals) {
            best = S(key);
            best_literals = literals;
        }
    }
    return best;
}

std::vector<std::string> OpenApiContract::Check(std::string_view method, std::string_view target,
                                                const HttpResponse& response) const {
    std::vector<std::string> problems;
    const std::string path(target.substr(0, target.find('?')));
    const std::string verb = Lower(method);
    // CORS preflights are answered for every route alike (docs/api.md, "HTTP behaviour").
    if (verb == "options") return problems;
    const std::string pattern = MatchPath(path);
    const bool api = path == "/api" || path.rfind("/api/", 0) == 0;
    if (pattern.empty()) {
        // Not ours to describe: static files and the web app's own routes.
        if (!api) return problems;
        if (response.status != 404) {
            problems.push_back("undocumented path " + path + " answered " +
                               std::to_string(response.status));
        }
        return problems;
    }
    const auto& item = Resolve(spec_.at("paths").at(pattern)).as_object();
    const bj::value* operation = item.if_contains(verb == "head" ? "get" : verb);
    if (operation == nullptr) {
        if (response.status != 405) {
            problems.push_back("undocumented method " + std::string(method) + " on " + pattern +
                               " answered " + std::to_string(response.status));
        }
        return problems;
    }
    const auto& responses = operation->at("responses").as_object();
    const std::string status = std::to_string(response.status);
    const bj::value* documented = responses.if_contains(status);
    if (documented == nullptr) documented = responses.if_contains(status.substr(0, 1) + "XX");
    if (documented == nullptr) documented = responses.if_contains("default");
    if (documented == nullptr) {
        problems.push_back(std::string(method) + " " + pattern + " answered undocumented status " +
                           status + ": " + response.body.substr(0, 200));
        return problems;
    }
    const auto& described = Resolve(*documented).as_object();
    const bj::value* content = described.if_contains("content");
    if (verb == "head") return problems;
    if (content == nullptr || content->as_object().empty()) {
        if (!response.body.empty()) {
            problems.push_back(
                std::string(method) + " " + pattern + " " + status +
                " is documented without a body, got: " + response.body.substr(0, 200));
        }
        return problems;
    }
    std::string media = Lower(response.Header("Content-Type"));
    media = media.substr(0, media.find(';'));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    const bj::value* media_type = content->as_object().if_contains(media);
    if (media_type == nullptr) {
        problems.push_back(std::string(method) + " " + pattern + " " + status +
                           " answered undocumented content type '" + media + "'");
        return problems;
    }
    const bj::value* schema = media_type->as_object().if_contains("schema");
    if (schema == nullptr || media != "application/json") return problems;
    boost::system::error_code ec;
    const bj::value body = bj::parse(response.body, ec);
    if (ec) {
        problems.push_back(std::string(method) + " " + pattern + " " + status +
                           " body is not JSON");
        return problems;
    }
    for (auto& problem : Validate(*schema, body, "body")) {
        problems.push_back(std::string(method) + " " + pattern + " " + status + ": " + problem);
    }
    return problems;
}

std::vector<std::string> OpenApiContract::Validate(const bj::value& schema, const bj::value& value,
                                                   const std::string& where) const {
    std::vector<std::string> problems;
    ValidateInto(schema, value, where, problems, 0);
    return problems;
}

void OpenApiContract::ValidateInto(const bj::value& schema_node, const bj::value& value,
                                   const std::string& where, std::vector<std::string>& problems,
                                   int depth) const {
    if (depth > 64) {
        problems.push_back(where + ": schema nests too deeply");
        return;
    }
    const auto& schema = Resolve(schema_node);
    if (schema.is_bool()) {
        if (!schema.get_bool()) problems.push_back(where + ": no value is allowed here");
        return;
    }
    const auto& s = schema.as_object();

    if (const auto* type = s.if_contains("type")) {
        std::vector<std::string> types;
        if (type->is_string()) {
            types.push_back(S(type->get_string()));
        } else {
            for (const auto& t : type->as_array()) types.push_back(S(t.as_string()));
        }
        const bool ok = std::any_of(types.begin(), types.end(),
                                    [&](const std::string& t) { return IsType(value, t); });
        if (!ok) {
            std::string expected;
            for (const auto& t : types) expected += (expected.empty() ? "" : " or ") + t;
            problems.push_back(where + ": expected " + expected + ", got " + KindOf(value) + " " +
                               Short(value));
            return;
        }
    }
    if (const auto* options = s.if_contains("enum")) {
        const auto& list = options->as_array();
        if (std::find(list.begin(), list.end(), value) == list.end()) {
            problems.push_back(where + ": " + Short(value) + " is not one of " + Short(*options));
        }
    }
    if (const auto* constant = s.if_contains("const"); constant != nullptr && *constant != value) {
        problems.push_back(where + ": expected " + Short(*constant) + ", got " + Short(value));
    }
    if (value.is_number()) {
        if (const auto* min = s.if_contains("minimum"); min && AsDouble(value) < AsDouble(*min)) {
            problems.push_back(where + ": " + Short(value) + " is below the minimum " +
                               Short(*min));
        }
        if (const auto* max = s.if_contains("maximum"); max && AsDouble(value) > AsDouble(*max)) {
            problems.push_back(where + ": " + Short(value) + " is above the maximum " +
                               Short(*max));
        }
    }
    if (value.is_string()) {
        const auto length = value.get_string().size();
        if (const auto* min = s.if_contains("minLength");
            min && static_cast<double>(length) < AsDouble(*min)) {
            problems.push_back(where + ": shorter than " + Short(*min));
        }
        if (const auto* max = s.if_contains("maxLength");
            max && static_cast<double>(length) > AsDouble(*max)) {
            problems.push_back(where + ": longer than " + Short(*max));
        }
        if (const auto* format = s.if_contains("format");
            format && format->as_string() == "date-time" &&
            !std::regex_match(S(value.get_string()), kDateTime)) {
            problems.push_back(where + ": " + Short(value) + " is not an ISO-8601 date-time");
        }
    }
    if (value.is_object()) {
        const auto& object = value.get_object();
        if (const auto* required = s.if_contains("required")) {
            for (const auto& name : required->as_array()) {
                if (!object.contains(name.as_string())) {
                    problems.push_back(where + ": missing required member '" + S(name.as_string()) +
                                       "'");
                }
            }
        }
        const auto* properties = s.if_contains("properties");
        const auto* additional = s.if_contains("additionalProperties");
        for (const auto& [key, member] : object) {
            const std::string name = where + "." + S(key);
            const bj::value* property =
                properties != nullptr ? properties->as_object().if_contains(key) : nullptr;
            if (property != nullptr) {
                ValidateInto(*property, member, name, problems, depth + 1);
            } else if (additional != nullptr && additional->is_bool() && !additional->get_bool()) {
                problems.push_back(where + ": undocumented member '" + S(key) + "'");
            } else if (additional != nullptr && additional->is_object()) {
                ValidateInto(*additional, member, name, problems, depth + 1);
            }
        }
    }
    if (value.is_array()) {
        const auto& array = value.get_array();
        if (const auto* min = s.if_contains("minItems");
            min && static_cast<double>(array.size()) < AsDouble(*min)) {
            problems.push_back(where + ": fewer than " + Short(*min) + " items");
        }
        if (const auto* items = s.if_contains("items")) {
            for (std::size_t i = 0; i < array.size(); ++i) {
                ValidateInto(*items, array[i], where + "[" + std::to_string(i) + "]", problems,
                             depth + 1);
            }
        }
    }
    if (const auto* all = s.if_contains("allOf")) {
        for (const auto& sub : all->as_array())
            ValidateInto(sub, value, where, problems, depth + 1);
    }
    for (const char* keyword : {"anyOf", "oneOf"}) {
        const auto* alternatives = s.if_contains(keyword);
        if (alternatives == nullptr) continue;
        int matches = 0;
        std::vector<std::string> first_problems;
        for (const auto& sub : alternatives->as_array()) {
            std::vector<std::string> sub_problems;
            ValidateInto(sub, value, where, sub_problems, depth + 1);
            if (sub_problems.empty()) {
                ++matches;
            } else if (first_problems.empty()) {
                first_problems = sub_problems;
            }
        }
        if (matches == 0) {
            problems.push_back(where + ": matches none of " + keyword + " (first: " +
                               (first_problems.empty() ? "?" : first_problems.front()) + ")");
        } else if (std::string_view(keyword) == "oneOf" && matches > 1) {
            problems.push_back(where + ": matches " + std::to_string(matches) +
                               " alternatives of oneOf");
        }
    }
}

}  // namespace ticketing::testing
