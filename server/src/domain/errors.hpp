#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace ticketing::domain {

// The one error vocabulary of domain/ and app/; http/ maps each code to a status in one place.
enum class Errc {
    kInvalidInput,        // 400
    kUnauthenticated,     // 401
    kForbidden,           // 403
    kNotFound,            // 404
    kConflict,            // 409
    kPreconditionFailed,  // 412
    kUnprocessable,       // 422
    kTooManyRequests,     // 429
    kUnavailable,         // 503
    kInsufficientStorage  // 507
};

class Error : public std::runtime_error {
public:
    Error(Errc code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
    Error(Errc code, std::string message, std::map<std::string, std::string> fields)
        : std::runtime_error(std::move(message)), code_(code), fields_(std::move(fields)) {}

    [[nodiscard]] Errc code() const { return code_; }
    [[nodiscard]] const std::map<std::string, std::string>& fields() const { return fields_; }
    [[nodiscard]] std::optional<int> retry_after_seconds() const { return retry_after_; }
    Error& WithRetryAfter(int seconds) {
        retry_after_ = seconds;
        return *this;
    }

private:
    Errc code_;
    std::map<std::string, std::string> fields_;
    std::optional<int> retry_after_;
};

// Validation failure on one named field: the message names the field so a log line stands alone.
[[noreturn]] inline void FailField(const std::string& field, const std::string& problem) {
    throw Error(Errc::kInvalidInput, field + " " + problem, {{field, problem}});
}

}  // namespace ticketing::domain
