#pragma once

#include <span>
#include <string_view>

#include "platform/embedded_file.hpp"

namespace ticketing::http {

// docs/openapi.yaml as compact JSON, converted when the server is built
// (scripts/openapi-embed.py): what GET /api/openapi.json serves.
[[nodiscard]] std::string_view OpenApiJson();

// The API reference page (server/assets/reference/): a static page that renders the JSON.
[[nodiscard]] std::span<const EmbeddedFile> ApiReferenceFiles();

}  // namespace ticketing::http
