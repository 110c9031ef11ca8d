#pragma once

#include <string_view>

namespace ticketing {

// A text file compiled into the binary by cmake/embed.cmake.
struct EmbeddedFile {
    std::string_view name;
    std::string_view content;
};

}  // namespace ticketing
