#include "api_fixture.hpp"

namespace ticketing::testing {

namespace bj = boost::json;

void ApiTest::SetUp() {
    server_ = std::make_unique<TestServer>(ServerOptions());
    http_ = std::make_unique<HttpClient>(server_->port());
    admin_.username = "admin";
    admin_.password = kAdminPassword;
    admin_.token = Login("admin", kAdminPassword);
    admin_.auth = Bearer(admin_.token);
    admin_.id = Str(http_->Get("/api/auth/me", admin_.auth).Json().at("id"));
    goddard_.username = "goddard";
    goddard_.token = server_->goddard_key();
    goddard_.auth = ApiKey(server_->goddard_key());
    goddard_.id = Str(http_->Get("/api/auth/me", goddard_.auth).Json().at("id"));

    const auto find = [&](const std::string& target, const std::string& name) {
        const auto list = http_->Get(target, admin_.auth).Json();
        for (const auto& v : list.as_array()) {
            if (Str(v.at("name")) == name) return Str(v.at("id"));
        }
        ADD_FAILURE() << "seed has no " << name;
        return std::string();
    };
    seed_route_.category = find("/api/cti/categories", "TheWrightServer");
    seed_route_.type = find("/api/cti/types?categoryId=" + seed_route_.category, "Automation");
    seed_route_.item = find("/api/cti/items?typeId=" + seed_route_.type, "Backup");
}

void ApiTest::TearDown() {
    http_.reset();
    server_.reset();
}

std::string ApiTest::Login(const std::string& username, const std::string& password) {
    const auto res = http_->Post("/api/auth/login",
                                 bj::serialize(bj::object{{"username", username}, {"password", password}}));
    EXPECT_EQ(res.status, 200) << res.body;
    if (res.status != 200) return {};
    return Str(res.Json().at("token"));
}

Account ApiTest::CreateAccount(const std::string& role, const std::string& username) {
    Account account;
    account.username = username.empty() ? role.substr(0, 1) + std::string("user") + std::to_string(++counter_) : username;
    for (auto& c : account.username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    account.password = "password-" + account.username + "-long";
    bj::object body{{"username", account.username},
                    {"email", account.username + "@example.com"},
                    {"displayName", "Display " + account.username},
                    {"role", role}};
    if (role != "SERVICE") body["password"] = account.password;
    const auto res = http_->Post("/api/users", bj::serialize(body), admin_.auth);
    EXPECT_EQ(res.status, 201) << res.body;
    const auto json = res.Json();
    account.id = Str(json.at("id"));
    if (role == "SERVICE") {
        account.token = Str(json.at("apiKey"));
        account.auth = ApiKey(account.token);
    } else {
        account.token = Login(account.username, account.password);
        account.auth = Bearer(account.token);
    }
    return account;
}

Route ApiTest::CreateRoute(const std::string& category, const std::string& type, const std::string& item) {
    Route route;
    auto res = http_->Post("/api/cti/categories", bj::serialize(bj::object{{"name", category}}), admin_.auth);
    EXPECT_EQ(res.status, 201) << res.body;
    route.category = Str(res.Json().at("id"));
    res = http_->Post("/api/cti/types",
                      bj::serialize(bj::object{{"name", type}, {"categoryId", route.category}}), admin_.auth);
    EXPECT_EQ(res.status, 201) << res.body;
    route.type = Str(res.Json().at("id"));
    res = http_->Post("/api/cti/items", bj::serialize(bj::object{{"name", item}, {"typeId", route.type}}),
                      admin_.auth);
    EXPECT_EQ(res.status, 201) << res.body;
    route.item = Str(res.Json().at("id"));
    return route;
}

bj::object ApiTest::CreateTicket(const Headers& who, const bj::object& extra) {
    bj::object body{{"title", "Ticket " + std::to_string(++counter_)},
                    {"overview", "Something *happened*."},
                    {"severity", 3},
                    {"categoryId", seed_route_.category},
                    {"typeId", seed_route_.type},
                    {"itemId", seed_route_.item}};
    for (const auto& member : extra) body[member.key()] = member.value();
    const auto res = http_->Post("/api/tickets", bj::serialize(body), who);
    EXPECT_EQ(res.status, 201) << res.body;
    if (res.status != 201) return {};
    return res.Json().as_object();
}

std::vector<std::string> ApiTest::AuditActions(const std::string& ticket) {
    std::vector<std::string> actions;
    const auto res = http_->Get("/api/tickets/" + ticket + "/audit", admin_.auth);
    EXPECT_EQ(res.status, 200) << res.body;
    const auto entries = res.Json();
    for (const auto& entry : entries.as_array()) actions.push_back(Str(entry.at("action")));
    return actions;
}

double ApiTest::Metric(const std::string& series) {
    const auto res = http_->Get("/metrics");
    EXPECT_EQ(res.status, 200);
    const auto at = res.body.find("\n" + series + " ");
    EXPECT_NE(at, std::string::npos) << series << " in " << res.body;
    if (at == std::string::npos) return -1;
    const auto start = at + 1 + series.size() + 1;
    return std::stod(res.body.substr(start, res.body.find('\n', start) - start));
}

}  // namespace ticketing::testing
