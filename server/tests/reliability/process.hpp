#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Child processes of the reliability tests: the real `ticketing` binary (serve, seed) and the
// tools around it (zzuf, fiu-ctrl, pg_amcheck).
namespace ticketing::testing::reliability {

using Env = std::map<std::string, std::string>;

struct CommandResult {
    int exit_code = -1;  // 128 + signal when killed; -1 when it did not finish in time
    std::string out;     // standard output
    std::string err;     // standard error
};

// Runs argv (argv[0] is looked up in PATH) with `env` on top of this process's environment,
// feeding `input` on standard input; kills it after `timeout`.
CommandResult RunCommand(const std::vector<std::string>& argv, const Env& env = {},
                         std::string_view input = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(120));

// The full path of `name` in PATH (or in `extra_dirs`), if it is there.
[[nodiscard]] std::optional<std::filesystem::path> FindProgram(
    std::string_view name, const std::vector<std::filesystem::path>& extra_dirs = {});

// The path of the shared library whose name contains `name` (e.g. "/libasan.so") mapped into this
// process, or "": preloading it first lets libfiu and libfaketime work under ASan.
[[nodiscard]] std::string LoadedLibrary(std::string_view name);

// `ticketing serve` as a child process, restartable. Its standard output and error are appended
// to one log file, where Start() finds the port it listens on.
class ServerProcess {
public:
    // `launcher` goes before the binary (e.g. {"fiu-run", "-x"}); `env` on top of ours.
    ServerProcess(std::filesystem::path binary, Env env, std::filesystem::path log_file,
                  std::vector<std::string> launcher = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    enum class WaitFor { kReady, kListening };
    // Spawns the server and waits until GET /readyz answers 200 (kListening: until it listens);
    // returns the time that took. Throws if it exits or is not there within `timeout`.
    std::chrono::milliseconds Start(std::chrono::milliseconds timeout = std::chrono::seconds(30),
                                    WaitFor wait_for = WaitFor::kReady);
    // SIGKILL, and reaps it.
    void Kill();
    // SIGTERM; waits up to `grace` (then SIGKILL). The exit status as RunCommand reports it.
    int Stop(std::chrono::milliseconds grace = std::chrono::seconds(15));
    // Still running (not exited, not killed).
    [[nodiscard]] bool Running();

    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] std::uint16_t port() const { return port_; }
    // Everything the server logged since the last Start().
    [[nodiscard]] std::string LogSinceStart() const;
    // The first AddressSanitizer / UndefinedBehaviorSanitizer / LeakSanitizer report in the whole
    // log, or "" if there is none.
    [[nodiscard]] std::string SanitizerReport() const;

private:
    void Reap(int options);

    std::filesystem::path binary_;
    Env env_;
    std::filesystem::path log_file_;
    std::vector<std::string> launcher_;
    pid_t pid_ = -1;
    int exit_status_ = -1;
    std::uint16_t port_ = 0;
    std::uintmax_t log_offset_ = 0;
};

// The ADMIN_PASSWORD / GODDARD_API_KEY lines `ticketing seed --credentials-file` wrote.
[[nodiscard]] std::map<std::string, std::string> ReadCredentials(const std::filesystem::path& file);

}  // namespace ticketing::testing::reliability
