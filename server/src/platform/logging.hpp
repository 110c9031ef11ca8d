#pragma once

#include <string>
#include <string_view>

#include "platform/config.hpp"

namespace ticketing::platform {

// Sets up the default logger (and the "access" logger) on stderr: human text, or one JSON object
// per line with LOG_FORMAT=json. Times are UTC.
void SetupLogging(LogFormat format, const std::string& level);

[[nodiscard]] bool JsonLogs();

// Makes untrusted text safe for one log line: control characters (CR, LF, ESC…) become \uXXXX
// escapes, so a username cannot forge a second line or colour a terminal.
[[nodiscard]] std::string EscapeForLog(std::string_view text);

// Appends `text` as a JSON string literal (with quotes).
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace ticketing::platform
