#include "http/metrics.hpp"

#include <fmt/format.h>

namespace ticketing::http {
namespace {

// Label values escape backslash, double quote and newline (the exposition format's rule).
void AppendEscaped(std::string& out, std::string_view value) {
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

std::string FormatValue(double value) {
    if (value == static_cast<double>(static_cast<std::int64_t>(value))) {
        return std::to_string(static_cast<std::int64_t>(value));
    }
    return fmt::format("{}", value);
}

}  // namespace

void MetricsWriter::Family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void MetricsWriter::Labels(MetricLabels labels, std::string_view extra_name,
                           std::string_view extra_value) {
    if (labels.size() == 0 && extra_name.empty()) return;
    out_ += '{';
    bool first = true;
    const auto one = [&](std::string_view name, std::string_view value) {
        if (!first) out_ += ',';
        first = false;
        out_ += name;
        out_ += "=\"";
        AppendEscaped(out_, value);
        out_ += '"';
    };
    for (const auto& [name, value] : labels) one(name, value);
    if (!extra_name.empty()) one(extra_name, extra_value);
    out_ += '}';
}

void MetricsWriter::Sample(std::string_view name, MetricLabels labels, double value) {
    out_ += name;
    Labels(labels);
    out_ += ' ';
    out_ += FormatValue(value);
    out_ += '\n';
}

void MetricsWriter::Histogram(std::string_view name, MetricLabels labels,
                              const platform::LatencyHistogram::Snapshot& snapshot) {
    const auto& bounds = platform::LatencyHistogram::kBounds;
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        out_ += name;
        out_ += "_bucket";
        Labels(labels, "le", i < bounds.size() ? FormatValue(bounds[i]) : "+Inf");
        out_ += ' ';
        out_ += std::to_string(snapshot.cumulative[i]);
        out_ += '\n';
    }
    out_ += name;
    out_ += "_sum";
    Labels(labels);
    out_ += ' ';
    out_ += FormatValue(snapshot.sum_seconds);
    out_ += '\n';
    out_ += name;
    out_ += "_count";
    Labels(labels);
    out_ += ' ';
    out_ += std::to_string(snapshot.count());
    out_ += '\n';
}

void Metrics::ObserveRequest(std::string_view route, std::string_view method, unsigned status,
                             std::chrono::steady_clock::duration elapsed) {
    platform::LatencyHistogram* histogram = nullptr;
    {
        std::lock_guard lock(mutex_);
        ++requests_[RequestKey{std::string(route), std::string(method), status}];
        auto& slot = latency_[RouteKey{std::string(route), std::string(method)}];
        if (!slot) slot = std::make_unique<platform::LatencyHistogram>();
        histogram = slot.get();  // never erased, so it outlives the lock
    }
    histogram->Observe(elapsed);
}

std::string Metrics::Render() const {
    std::string out;
    MetricsWriter w(out);
    {
        std::lock_guard lock(mutex_);
        w.Family("ticketing_http_requests_total", "counter",
                 "HTTP requests answered, by route pattern, method and status.");
        for (const auto& [key, count] : requests_) {
            const auto status = std::to_string(std::get<2>(key));
            w.Sample("ticketing_http_requests_total",
                     {{"route", std::get<0>(key)}, {"method", std::get<1>(key)}, {"status", status}},
                     static_cast<double>(count));
        }
        w.Family("ticketing_http_request_duration_seconds", "histogram",
                 "Time from the request head to the last byte of the response.");
        for (const auto& [key, histogram] : latency_) {
            w.Histogram("ticketing_http_request_duration_seconds",
                        {{"route", key.first}, {"method", key.second}}, histogram->Read());
        }
    }
    for (const auto& collect : collectors_) collect(w);
    return out;
}

}  // namespace ticketing::http
