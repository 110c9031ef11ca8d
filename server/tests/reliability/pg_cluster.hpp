#pragma once

#include <filesystem>
#include <string>

// A PostgreSQL cluster of one test's own (scripts/test-postgres.sh on a free port in a temporary
// directory), for tests that stop and start it without disturbing the suite's shared one.
namespace ticketing::testing::reliability {

class PgCluster {
public:
    // Picks the port and directory; `start` = also start it now.
    explicit PgCluster(bool start);
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    void Start();  // initdb the first time; waits until it accepts connections
    [[nodiscard]] const std::string& url() const { return url_; }

private:
    void Script(const std::string& command);

    std::filesystem::path dir_;
    std::string port_;
    std::string url_;
    bool started_ = false;
};

}  // namespace ticketing::testing::reliability
