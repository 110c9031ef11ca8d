#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "platform/histogram.hpp"

namespace ticketing::http {

using MetricLabels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Writes the Prometheus text exposition format (version 0.0.4).
class MetricsWriter {
public:
    explicit MetricsWriter(std::string& out) : out_(out) {}

    // The # HELP and # TYPE lines that precede a family's samples.
    void Family(std::string_view name, std::string_view type, std::string_view help);
    void Sample(std::string_view name, MetricLabels labels, double value);
    // name_bucket{le=…}, name_sum and name_count of one labelled histogram.
    void Histogram(std::string_view name, MetricLabels labels,
                   const platform::LatencyHistogram::Snapshot& snapshot);

private:
    void Labels(MetricLabels labels, std::string_view extra_name = {}, std::string_view extra_value = {});
    std::string& out_;
};

// GET /metrics: the HTTP series the server records per request, and whatever the collectors
// registered at wiring time add (database, jobs, live clients, tickets).
class Metrics {
public:
    using Collector = std::function<void(MetricsWriter&)>;

    // At wiring time only, before the server starts.
    void AddCollector(Collector collector) { collectors_.push_back(std::move(collector)); }

    // `route` is the matched route's pattern (never the raw path: ids would explode the series).
    void ObserveRequest(std::string_view route, std::string_view method, unsigned status,
                        std::chrono::steady_clock::duration elapsed);

    [[nodiscard]] std::string Render() const;

private:
    using RequestKey = std::tuple<std::string, std::string, unsigned>;
    using RouteKey = std::pair<std::string, std::string>;

    mutable std::mutex mutex_;
    std::map<RequestKey, std::uint64_t> requests_;
    std::map<RouteKey, std::unique_ptr<platform::LatencyHistogram>> latency_;
    std::vector<Collector> collectors_;
};

}  // namespace ticketing::http
