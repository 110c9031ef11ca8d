#include "http/response.hpp"

#include "http/json/models.hpp"

namespace ticketing::http {

Response Response::Error(Status status, std::string_view code, std::string_view message,
                         const std::map<std::string, std::string>& fields) {
    return Json(json::ErrorBody(code, message, fields), status);
}

}  // namespace ticketing::http
