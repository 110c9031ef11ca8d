#pragma once

#include <map>
#include <string>
#include <vector>

// Runs another program (the `ticketing` binary, scripts/) from the tests.
namespace ticketing::testing::multi {

struct ProcessResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

// Runs `argv` with `env` added to this process's environment; waits for it to exit.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {});

// The `ticketing` binary and the scripts/ directory of this build (set by CMake).
[[nodiscard]] std::string TicketingBinary();
[[nodiscard]] std::string ScriptsDir();

}  // namespace ticketing::testing::multi
