#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "http_client.hpp"
#include "test_server.hpp"

namespace ticketing::testing {

struct Account {
    std::string id;
    std::string username;
    std::string password;
    std::string token;
    Headers auth;  // Authorization: Bearer <token> (or X-Api-Key for services)
};

struct Route {
    std::string category;
    std::string type;
    std::string item;
};

// Base of the API tests: a fresh server and database per test, plus helpers to make the
// accounts, routes and tickets a test needs through the API itself.
class ApiTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    // Override to start the server differently (clock, environment).
    virtual TestServerOptions ServerOptions() { return {}; }

    [[nodiscard]] TestServer& server() { return *server_; }
    [[nodiscard]] const HttpClient& http() const { return *http_; }

    [[nodiscard]] const Account& admin() const { return admin_; }
    [[nodiscard]] const Account& goddard() const { return goddard_; }
    // A new account with this role ("ADMIN", "AGENT", "USER" or "SERVICE"), logged in.
    Account CreateAccount(const std::string& role, const std::string& username = "");
    std::string Login(const std::string& username, const std::string& password);

    // The seed's TheWrightServer › Automation › Backup route.
    [[nodiscard]] const Route& SeedRoute() const { return seed_route_; }
    // A new Category › Type › Item made through the admin API.
    Route CreateRoute(const std::string& category, const std::string& type, const std::string& item);

    // POST /api/tickets as `who`; `extra` members are merged over the defaults. Returns the
    // created ticket (fails the test unless 201).
    boost::json::object CreateTicket(const Headers& who, const boost::json::object& extra = {});

    static Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
    static Headers ApiKey(const std::string& key) { return {{"X-Api-Key", key}}; }
    static std::string Str(const boost::json::value& v) { return boost::json::value_to<std::string>(v); }
    static std::string Serialize(const boost::json::value& v) { return boost::json::serialize(v); }

    // The audit actions of a ticket, newest first.
    std::vector<std::string> AuditActions(const std::string& ticket);
    // The value of one sample of GET /metrics (`series`: the name with its labels, exactly as
    // exposed); fails the test and returns -1 if it is absent.
    double Metric(const std::string& series);

private:
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<HttpClient> http_;
    Account admin_;
    Account goddard_;
    Route seed_route_;
    int counter_ = 0;
};

}  // namespace ticketing::testing
