#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace ticketing::http {

struct AccessRecord {
    std::string method;
    std::string path;  // without the query string: queries may carry secrets or personal data
    unsigned status = 0;
    std::size_t bytes = 0;
    std::chrono::steady_clock::time_point started;
    std::string request_id;
    std::string client_ip;
    std::string user;
};

// One line per request on the "access" logger: text, or a JSON object with LOG_FORMAT=json.
void LogAccess(const AccessRecord& record);

}  // namespace ticketing::http
