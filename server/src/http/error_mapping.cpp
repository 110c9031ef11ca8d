#include "http/error_mapping.hpp"

namespace ticketing::http {
namespace {

using domain::Errc;

struct Mapping {
    Status status;
    const char* code;
};

Mapping Map(Errc code) {
    switch (code) {
        case Errc::kInvalidInput:
            return {Status::bad_request, "invalid_input"};
        case Errc::kUnauthenticated:
            return {Status::unauthorized, "unauthenticated"};
        case Errc::kForbidden:
            return {Status::forbidden, "forbidden"};
        case Errc::kNotFound:
            return {Status::not_found, "not_found"};
        case Errc::kConflict:
            return {Status::conflict, "conflict"};
        case Errc::kPreconditionFailed:
            return {Status::precondition_failed, "precondition_failed"};
        case Errc::kUnprocessable:
            return {Status::unprocessable_entity, "unprocessable"};
        case Errc::kTooManyRequests:
            return {Status::too_many_requests, "too_many_requests"};
        case Errc::kUnavailable:
            return {Status::service_unavailable, "unavailable"};
        case Errc::kInsufficientStorage:
            return {Status::insufficient_storage, "insufficient_storage"};
    }
    return {Status::internal_server_error, "internal"};
}

}  // namespace

Response ErrorResponse(const domain::Error& error) {
    const Mapping m = Map(error.code());
    Response response = Response::Error(m.status, m.code, error.what(), error.fields());
    if (const auto seconds = error.retry_after_seconds()) {
        response.Header("Retry-After", std::to_string(*seconds));
    }
    if (error.code() == Errc::kUnauthenticated) response.Header("WWW-Authenticate", "Bearer");
    return response;
}

Response InternalErrorResponse(const std::string& request_id) {
    return Response::Error(Status::internal_server_error, "internal",
                           "Internal server error (request id " + request_id + ")");
}

}  // namespace ticketing::http
