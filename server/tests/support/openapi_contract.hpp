#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "http_client.hpp"

namespace ticketing::testing {

// docs/openapi.yaml as a contract the API tests enforce: HttpClient checks every response it
// receives against the operation the request names, so the description cannot drift from the
// code. An exchange passes when its path and method are described (an unknown /api path may
// only answer 404, an undescribed method only 405), its status is among the operation's
// responses, and its body has the documented media type and matches the schema.
//
// The schemas use a subset of JSON Schema: type (a name or a list, "null" for nullable), enum,
// const, properties, required, additionalProperties (false or a schema), items, minItems,
// minimum, maximum, minLength, maxLength, format date-time, $ref, allOf, anyOf, oneOf.
class OpenApiContract {
public:
    // The description compiled into the server (http::OpenApiJson()).
    static const OpenApiContract& Served();
    explicit OpenApiContract(boost::json::value spec);

    // What is wrong with this exchange; empty when it matches the description.
    [[nodiscard]] std::vector<std::string> Check(std::string_view method, std::string_view target,
                                                 const HttpResponse& response) const;
    // What is wrong with `value` against `schema`; `where` names the value in messages.
    [[nodiscard]] std::vector<std::string> Validate(const boost::json::value& schema,
                                                    const boost::json::value& value,
                                                    const std::string& where) const;
    // The path template that `path` matches ("/api/tickets/{id}"), or "" if none.
    [[nodiscard]] std::string MatchPath(std::string_view path) const;
    [[nodiscard]] const boost::json::value& spec() const { return spec_; }

private:
    [[nodiscard]] const boost::json::value& Resolve(const boost::json::value& node) const;
    void ValidateInto(const boost::json::value& schema, const boost::json::value& value,
                      const std::string& where, std::vector<std::string>& problems,
                      int depth) const;

    boost::json::value spec_;
};

}  // namespace ticketing::testing
