#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "raw_http.hpp"

extern char** environ;

namespace ticketing::testing::reliability {
namespace {

using Clock = std::chrono::steady_clock;

// Our environment with `env` on top, as posix_spawn wants it.
class Environment {
public:
    explicit Environment(const Env& env) {
        Env merged;
        for (char** e = environ; *e != nullptr; ++e) {
            const std::string entry(*e);
            const auto eq = entry.find('=');
            if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
        }
        for (const auto& [key, value] : env) merged[key] = value;
        for (const auto& [key, value] : merged) strings_.push_back(key + "=" + value);
        for (auto& s : strings_) pointers_.push_back(s.data());
        pointers_.push_back(nullptr);
    }
    char** get() { return pointers_.data(); }

private:
    std::vector<std::string> strings_;
    std::vector<char*> pointers_;
};

class Argv {
public:
    explicit Argv(std::vector<std::string> args) : strings_(std::move(args)) {
        for (auto& s : strings_) pointers_.push_back(s.data());
        pointers_.push_back(nullptr);
    }
    char** get() { return pointers_.data(); }

private:
    std::vector<std::string> strings_;
    std::vector<char*> pointers_;
};

int DecodeStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

void CloseFd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

std::string ReadFileFrom(const std::filesystem::path& file, std::uintmax_t offset) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    in.seekg(static_cast<std::streamoff>(offset));
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The port of "listening on http://<host>:<port>" in the server's log; 0 until it is there.
std::uint16_t ListeningPort(const std::string& log) {
    static constexpr std::string_view kMarker = "listening on http://";
    const auto at = log.find(kMarker);
    if (at == std::string::npos) return 0;
    const auto colon = log.find(':', at + kMarker.size());
    if (colon == std::string::npos) return 0;
    unsigned port = 0;
    for (std::size_t i = colon + 1;
         i < log.size() && std::isdigit(static_cast<unsigned char>(log[i])); ++i) {
        port = port * 10 + static_cast<unsigned>(log[i] - '0');
    }
    return port > 0 && port < 65536 ? static_cast<std::uint16_t>(port) : 0;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, const Env& env,
                         std::string_view input, std::chrono::milliseconds timeout) {
    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
        ::pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    Environment environment(env);
    Argv args(argv);
    pid_t pid = 0;
    const int rc =
        posix_spawnp(&pid, args.get()[0], &actions, nullptr, args.get(), environment.get());
    posix_spawn_file_actions_destroy(&actions);
    CloseFd(in_pipe[0]);
    CloseFd(out_pipe[1]);
    CloseFd(err_pipe[1]);
    if (rc != 0) {
        CloseFd(in_pipe[1]);
        CloseFd(out_pipe[0]);
        CloseFd(err_pipe[0]);
        throw std::runtime_error("cannot run " + argv.front() + ": " + std::strerror(rc));
    }

    CommandResult result;
    std::size_t written = 0;
    if (input.empty()) CloseFd(in_pipe[1]);
    const auto deadline = Clock::now() + timeout;
    bool timed_out = false;
    while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd fds[3] = {
            {out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {in_pipe[1], POLLOUT, 0}};
        if (::poll(fds, 3, static_cast<int>(left.count())) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (in_pipe[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
            const ssize_t n = ::write(in_pipe[1], input.data() + written, input.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n < 0 || written == input.size()) CloseFd(in_pipe[1]);
        }
        for (int i = 0; i < 2; ++i) {
            int& fd = i == 0 ? out_pipe[0] : err_pipe[0];
            if (fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            char buffer[16384];
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n > 0) {
                (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                CloseFd(fd);
            }
        }
    }
    CloseFd(in_pipe[1]);
    CloseFd(out_pipe[0]);
    CloseFd(err_pipe[0]);
    if (timed_out) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = timed_out ? -1 : DecodeStatus(status);
    return result;
}

std::optional<std::filesystem::path> FindProgram(
    std::string_view name, const std::vector<std::filesystem::path>& extra_dirs) {
    std::vector<std::filesystem::path> dirs;
    if (const char* path = std::getenv("PATH"); path != nullptr) {
        std::stringstream in(path);
        for (std::string dir; std::getline(in, dir, ':');) {
            if (!dir.empty()) dirs.emplace_back(dir);
        }
    }
    dirs.insert(dirs.end(), extra_dirs.begin(), extra_dirs.end());
    for (const auto& dir : dirs) {
        const auto candidate = dir / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

ServerProcess::ServerProcess(std::filesystem::path binary, Env env, std::filesystem::path log_file,
                             std::vector<std::string> launcher)
    : binary_(std::move(binary)),
      env_(std::move(env)),
      log_file_(std::move(log_file)),
      launcher_(std::move(launcher)) {}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) Kill();
}

std::chrono::milliseconds ServerProcess::Start(std::chrono::milliseconds timeout, WaitFor wait_for) {
    if (pid_ > 0) throw std::logic_error("the server is already running");
    std::error_code ec;
    log_offset_ =
        std::filesystem::exists(log_file_) ? std::filesystem::file_size(log_file_, ec) : 0;
    const int log_fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0) throw std::runtime_error("cannot open " + log_file_.string());
    std::vector<std::string> argv = launcher_;
    argv.push_back(binary_.string());
    argv.emplace_back("serve");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, log_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
    Environment environment(env_);
    Argv args(argv);
    const auto started = Clock::now();
    const int rc =
        posix_spawnp(&pid_, args.get()[0], &actions, nullptr, args.get(), environment.get());
    posix_spawn_file_actions_destroy(&actions);
    ::close(log_fd);
    if (rc != 0) {
        pid_ = -1;
        throw std::runtime_error("cannot run " + argv.front() + ": " + std::strerror(rc));
    }
    exit_status_ = -1;
    port_ = 0;

    const auto deadline = started + timeout;
    while (Clock::now() < deadline) {
        if (!Running()) {
            throw std::runtime_error("the server exited (status " + std::to_string(exit_status_) +
                                     ") while starting:\n" + LogSinceStart());
        }
        if (port_ == 0) port_ = ListeningPort(LogSinceStart());
        if (port_ != 0 && wait_for == WaitFor::kListening) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        }
        if (port_ != 0) {
            const auto probe = SendRaw(port_, "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                       std::chrono::milliseconds(1000));
            const auto codes = StatusCodes(probe.received);
            if (!codes.empty() && codes.front() == 200) {
                return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                             started);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    throw std::runtime_error("the server was not ready within " + std::to_string(timeout.count()) +
                             " ms:\n" + LogSinceStart());
}

void ServerProcess::Reap(int options) {
    if (pid_ <= 0) return;
    int status = 0;
    pid_t r = 0;
    while ((r = ::waitpid(pid_, &status, options)) < 0 && errno == EINTR) {
    }
    if (r == pid_) {
        exit_status_ = DecodeStatus(status);
        pid_ = -1;
    }
}

void ServerProcess::Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    Reap(0);
}

int ServerProcess::Stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return exit_status_;
    ::kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + grace;
    while (Clock::now() < deadline) {
        Reap(WNOHANG);
        if (pid_ <= 0) return exit_status_;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Kill();
    return exit_status_;
}

bool ServerProcess::Running() {
    Reap(WNOHANG);
    return pid_ > 0;
}

std::string ServerProcess::LogSinceStart() const { return ReadFileFrom(log_file_, log_offset_); }

std::string ServerProcess::SanitizerReport() const {
    static constexpr std::string_view kMarkers[] = {"ERROR: AddressSanitizer",
                                                    "ERROR: LeakSanitizer",
                                                    "runtime error:", "WARNING: ThreadSanitizer"};
    const std::string log = ReadFileFrom(log_file_, 0);
    std::size_t first = std::string::npos;
    for (const auto marker : kMarkers) first = std::min(first, log.find(marker));
    if (first == std::string::npos) return {};
    const auto line_start = log.rfind('\n', first);
    const auto begin = line_start == std::string::npos ? 0 : line_start + 1;
    return log.substr(begin, 4000);
}

std::map<std::string, std::string> ReadCredentials(const std::filesystem::path& file) {
    std::map<std::string, std::string> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
}

std::string LoadedLibrary(std::string_view name) {
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        const auto slash = line.find('/');
        if (slash != std::string::npos && line.find(name, slash) != std::string::npos) {
            return line.substr(slash);
        }
    }
    return {};
}

}  // namespace ticketing::testing::reliability
