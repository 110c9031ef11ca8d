#pragma once

#include "domain/errors.hpp"
#include "http/response.hpp"

namespace ticketing::http {

// The one place an Errc becomes an HTTP status and a {"error","code"} body.
[[nodiscard]] Response ErrorResponse(const domain::Error& error);

// A 500 for a bug: generic message and the request id; the detail goes to the log only.
[[nodiscard]] Response InternalErrorResponse(const std::string& request_id);

}  // namespace ticketing::http
