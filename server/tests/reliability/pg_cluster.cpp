#include "pg_cluster.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "platform/random.hpp"
#include "process.hpp"

namespace ticketing::testing::reliability {
namespace {

// A port nobody listens on right now.
int FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace

PgCluster::PgCluster(bool start)
    : dir_(std::filesystem::temp_directory_path() / ("ticketing-pg-" + platform::RandomHex(6))),
      port_(std::to_string(FreePort())),
      url_("postgres://postgres@127.0.0.1:" + port_ + "/postgres") {
    if (start) Start();
}

PgCluster::~PgCluster() {
    if (!started_) return;
    try {
        Script("stop");
    } catch (const std::exception&) {
        // Best effort: the directory is in the temp directory.
    }
}

void PgCluster::Start() {
    Script("start");
    started_ = true;
}

void PgCluster::Script(const std::string& command) {
    std::vector<std::string> argv{std::string(TICKETING_SCRIPTS_DIR) + "/test-postgres.sh", command,
                                  dir_.string()};
    if (command == "start") argv.push_back(port_);
    const auto result = RunCommand(argv);
    if (result.exit_code != 0) {
        throw std::runtime_error("test-postgres.sh " + command + " failed (" +
                                 std::to_string(result.exit_code) + "): " + result.out + result.err);
    }
}

}  // namespace ticketing::testing::reliability
