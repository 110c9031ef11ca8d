#include "pg_cluster.hpp"

#include <stdexcept>
#include <vector>

#include "free_port.hpp"
#include "platform/random.hpp"
#include "process.hpp"

namespace ticketing::testing::reliability {

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
