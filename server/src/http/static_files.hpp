#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/request_context.hpp"
#include "http/response.hpp"

namespace ticketing::http {

// The built web app, read into memory at start-up and served by the same process as the API.
// Hashed assets (/assets/…) are cached for a year; index.html is revalidated every time; any
// other path without a file extension gets index.html (the SPA's router takes it from there).
class StaticFiles {
public:
    // nullptr if `root` has no index.html.
    static std::unique_ptr<StaticFiles> Load(const std::filesystem::path& root);

    [[nodiscard]] std::optional<Response> Serve(std::string_view path, const Request& request) const;
    [[nodiscard]] std::size_t file_count() const { return files_.size(); }

private:
    struct File {
        std::shared_ptr<const std::string> body;
        std::string content_type;
        std::string etag;
        std::string cache_control;
    };
    [[nodiscard]] Response Send(const File& file, const Request& request) const;

    std::unordered_map<std::string, File> files_;
};

}  // namespace ticketing::http
