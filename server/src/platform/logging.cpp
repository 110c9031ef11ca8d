#include "platform/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

namespace ticketing::platform {
namespace {

std::atomic<bool> g_json{false};

// "%*" in a pattern: the message as JSON string content (escaped, without quotes).
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/,
                spdlog::memory_buf_t& dest) override {
        std::string quoted;
        AppendJsonString(quoted, std::string_view(msg.payload.data(), msg.payload.size()));
        dest.append(quoted.data() + 1, quoted.data() + quoted.size() - 1);
    }
    [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonMessageFlag>();
    }
};

std::shared_ptr<spdlog::logger> MakeLogger(const std::string& name, bool json, bool raw) {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    if (raw) {
        formatter->set_pattern("%v");
    } else if (json) {
        formatter->add_flag<JsonMessageFlag>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%*"})");
    } else {
        formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v");
    }
    logger->set_formatter(std::move(formatter));
    logger->flush_on(spdlog::level::warn);
    return logger;
}

}  // namespace

void SetupLogging(LogFormat format, const std::string& level) {
    const bool json = format == LogFormat::kJson;
    g_json = json;
    spdlog::drop_all();
    auto main_logger = MakeLogger("ticketing", json, false);
    // Access lines are built whole by http/ (they carry structured fields in JSON mode).
    auto access_logger = MakeLogger("access", json, json);
    const auto lvl = spdlog::level::from_str(level);
    main_logger->set_level(lvl);
    access_logger->set_level(lvl);
    spdlog::register_logger(access_logger);
    spdlog::set_default_logger(main_logger);
    spdlog::flush_every(std::chrono::seconds(1));
}

bool JsonLogs() { return g_json; }

void AppendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 0x0F];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

std::string EscapeForLog(std::string_view text) {
    std::string quoted;
    AppendJsonString(quoted, text);
    return quoted.substr(1, quoted.size() - 2);
}

}  // namespace ticketing::platform
