#include "http/access_log.hpp"

#include <spdlog/spdlog.h>

#include "http/json/writer.hpp"
#include "platform/logging.hpp"

namespace ticketing::http {

void LogAccess(const AccessRecord& r) {
    static const auto logger = spdlog::get("access");
    if (!logger || !logger->should_log(spdlog::level::info)) return;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - r.started).count();
    if (platform::JsonLogs()) {
        std::string line = R"({"time":")";
        line += json::FormatTime(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
        line += R"(","level":"info","msg":"access","method":)";
        platform::AppendJsonString(line, r.method);
        line += R"(,"path":)";
        platform::AppendJsonString(line, r.path);
        line += fmt::format(R"(,"status":{},"bytes":{},"ms":{:.3f},"requestId":)", r.status, r.bytes, ms);
        platform::AppendJsonString(line, r.request_id);
        line += R"(,"ip":)";
        platform::AppendJsonString(line, r.client_ip);
        line += R"(,"user":)";
        platform::AppendJsonString(line, r.user);
        line += '}';
        logger->info(line);
        return;
    }
    logger->info("{} {} {} {}B {:.2f}ms id={} ip={} user={}", r.method, platform::EscapeForLog(r.path),
                 r.status, r.bytes, ms, r.request_id, r.client_ip,
                 r.user.empty() ? "-" : platform::EscapeForLog(r.user));
}

}  // namespace ticketing::http
