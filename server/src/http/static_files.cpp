#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include "auth/api_key.hpp"

namespace ticketing::http {
namespace {

std::string ContentType(const std::filesystem::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
    if (ext == ".webmanifest") return "application/manifest+json; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".woff") return "font/woff";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

}  // namespace

std::unique_ptr<StaticFiles> StaticFiles::Load(const std::filesystem::path& root) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(root / "index.html", ec)) return nullptr;
    auto files = std::unique_ptr<StaticFiles>(new StaticFiles());
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        const std::string relative = entry.path().lexically_relative(root).generic_string();
        File file;
        file.body = std::make_shared<const std::string>(body.str());
        file.content_type = ContentType(entry.path());
        file.etag = '"' + auth::Sha256Hex(*file.body).substr(0, 32) + '"';
        file.cache_control = relative.rfind("assets/", 0) == 0 ? "public, max-age=31536000, immutable"
                                                               : "no-cache";
        files->files_.emplace("/" + relative, std::move(file));
    }
    return files;
}

Response StaticFiles::Send(const File& file, const Request& request) const {
    Response response;
    response.headers.emplace_back("ETag", file.etag);
    response.headers.emplace_back("Cache-Control", file.cache_control);
    const auto match = request.find(boost::beast::http::field::if_none_match);
    if (match != request.end() && match->value() == file.etag) {
        response.status = Status::not_modified;
        response.content_type.clear();
        return response;
    }
    response.content_type = file.content_type;
    response.shared_body = file.body;  // no copy per request
    return response;
}

std::optional<Response> StaticFiles::Serve(std::string_view path, const Request& request) const {
    const std::string key = path == "/" ? "/index.html" : std::string(path);
    if (const auto it = files_.find(key); it != files_.end()) return Send(it->second, request);
    const auto last = path.substr(path.rfind('/') + 1);
    // A path that names a file we do not have is a 404, not the app (e.g. /.env, /x.js).
    if (last.find('.') != std::string_view::npos) return std::nullopt;
    return Send(files_.at("/index.html"), request);
}

}  // namespace ticketing::http
