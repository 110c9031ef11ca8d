#include <boost/json/parse.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api_fixture.hpp"
#include "jobs/webhook_delivery_job.hpp"
#include "openapi_contract.hpp"
#include "platform/random.hpp"
#include "webhook_receiver.hpp"

namespace ticketing::testing {
namespace {

namespace bj = boost::json;
namespace fs = std::filesystem;

const fs::path kN8nDir = fs::path(TICKETING_DOCS_DIR) / "n8n";

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<fs::path> Workflows() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(kN8nDir)) {
        if (entry.path().extension() == ".json") out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string S(const bj::value& v) {
    return std::string(v.as_string().data(), v.as_string().size());
}

// The API path an HTTP Request node calls: from "/api/" on, n8n expressions ({{ … }}) standing
// for one path segment each, query string dropped.
std::string ApiPathOf(const std::string& url) {
    const auto at = url.find("/api/");
    if (at == std::string::npos) return {};
    std::string path = url.substr(at);
    path = path.substr(0, path.find('?'));
    return std::regex_replace(path, std::regex(R"(\{\{[^}]*\}\})"), "x");
}

const bj::object& NodeNamed(const bj::value& workflow, const std::string& name) {
    for (const auto& node : workflow.at("nodes").as_array()) {
        if (S(node.at("name")) == name) return node.as_object();
    }
    throw std::runtime_error("no node " + name);
}

TEST(N8nWorkflows, AreValidWorkflowsThatCallOnlyDescribedEndpoints) {
    const auto files = Workflows();
    ASSERT_GE(files.size(), 2u) << "docs/n8n/ holds the create-ticket and webhook workflows";
    const auto& contract = OpenApiContract::Served();
    bool sends_idempotency_key = false;
    bool verifies_signature = false;
    for (const auto& file : files) {
        SCOPED_TRACE(file.filename().string());
        boost::system::error_code ec;
        const bj::value workflow = bj::parse(ReadFile(file), ec);
        ASSERT_FALSE(ec) << "not JSON: " << ec.message();
        ASSERT_TRUE(workflow.at("name").is_string());
        ASSERT_TRUE(workflow.at("nodes").is_array());
        ASSERT_TRUE(workflow.at("connections").is_object());

        std::set<std::string> names;
        for (const auto& node : workflow.at("nodes").as_array()) {
            for (const char* key :
                 {"id", "name", "type", "typeVersion", "position", "parameters"}) {
                EXPECT_TRUE(node.as_object().contains(key)) << "a node without " << key;
            }
            EXPECT_TRUE(names.insert(S(node.at("name"))).second)
                << "duplicate node " << S(node.at("name"));
        }
        for (const auto& [from, outputs] : workflow.at("connections").as_object()) {
            EXPECT_TRUE(names.count(std::string(from))) << "connection from unknown node " << from;
            for (const auto& output : outputs.at("main").as_array()) {
                for (const auto& link : output.as_array()) {
                    EXPECT_TRUE(names.count(S(link.at("node"))))
                        << "connection to unknown node " << link.at("node");
                }
            }
        }

        for (const auto& node : workflow.at("nodes").as_array()) {
            const auto& params = node.at("parameters").as_object();
            const std::string type = S(node.at("type"));
            if (type == "n8n-nodes-base.code") {
                verifies_signature =
                    verifies_signature ||
                    S(params.at("jsCode")).find("x-ticketing-signature") != std::string::npos;
            }
            if (type != "n8n-nodes-base.httpRequest") continue;
            const std::string method = S(params.at("method"));
            const std::string path = ApiPathOf(S(params.at("url")));
            SCOPED_TRACE(method + " " + S(params.at("url")));
            const std::string pattern = contract.MatchPath(path);
            ASSERT_FALSE(pattern.empty())
                << "calls " << path << ", which docs/openapi.yaml does not describe";
            std::string verb = method;
            for (auto& c : verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            EXPECT_TRUE(contract.spec().at("paths").at(pattern).as_object().contains(verb))
                << method << " " << pattern << " is not described";
            for (const auto& header : params.at("headerParameters").at("parameters").as_array()) {
                sends_idempotency_key =
                    sends_idempotency_key || S(header.at("name")) == "Idempotency-Key";
            }
            EXPECT_EQ(S(params.at("genericAuthType")), "httpHeaderAuth")
                << "authenticates with X-Api-Key";
        }
    }
    EXPECT_TRUE(sends_idempotency_key) << "the create example uses an Idempotency-Key";
    EXPECT_TRUE(verifies_signature) << "the webhook example verifies the signature";
}

// The webhook example's Code node, run by Node.js with the n8n globals it uses, against a
// delivery our server really sent: it accepts it and refuses a tampered body, another secret
// and a stale timestamp.
class N8nSignatureCheck : public ApiTest {};

TEST_F(N8nSignatureCheck, TheCodeNodeAcceptsOurDeliveriesAndRefusesForgeries) {
    // make test installs Node.js (the web build needs it too): its absence is a failure.
    ASSERT_EQ(std::system("command -v node >/dev/null 2>&1"), 0) << "Node.js is not installed";
    const std::string secret = "n8n-example-secret-0123456789";
    WebhookReceiver receiver;
    const auto hook = http().Post(
        "/api/webhooks",
        bj::serialize(bj::object{
            {"url", receiver.Url()}, {"secret", secret}, {"events", bj::array{"ticket.created"}}}),
        admin().auth);
    ASSERT_EQ(hook.status, 201);
    CreateTicket(admin().auth, {{"title", "Ünïcode → and \"quotes\" survive"}});
    ASSERT_EQ(server().runtime().webhook_delivery().RunOnce(), 1);
    const auto received = receiver.WaitFor(1);
    ASSERT_EQ(received.size(), 1u);

    const bj::value workflow = bj::parse(ReadFile(kN8nDir / "react-to-webhook.json"));
    const std::string code =
        S(NodeNamed(workflow, "Verify signature").at("parameters").at("jsCode"));
    const fs::path dir = server().database().dir();
    std::ofstream(dir / "code.js") << code;
    std::ofstream(dir / "harness.js") << R"JS(
const fs = require('fs');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const code = fs.readFileSync(process.argv[3], 'utf8');
const $env = { TICKETING_WEBHOOK_SECRET: input.secret };
Date.now = () => (Number(input.headers['x-ticketing-timestamp']) + input.skewSeconds) * 1000;
const item = { json: { headers: input.headers, body: {} },
               binary: { data: { data: Buffer.from(input.raw, 'utf8').toString('base64') } } };
const context = { helpers: { getBinaryDataBuffer: async () => Buffer.from(input.raw, 'utf8') } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('$input', '$env', 'require', code)
  .call(context, { all: () => [item] }, $env, require)
  .then((out) => { fs.writeFileSync(process.argv[4], JSON.stringify(out)); },
        (err) => { fs.writeFileSync(process.argv[4], 'ERROR ' + err.message); process.exit(3); });
)JS";

    const auto run = [&](const std::string& raw, const std::string& key, int skew) {
        bj::object headers;
        for (const auto& [name, value] : received[0].headers) headers[name] = value;
        std::ofstream(dir / "input.json") << bj::serialize(
            bj::object{{"headers", headers}, {"raw", raw}, {"secret", key}, {"skewSeconds", skew}});
        const std::string command = "node " + (dir / "harness.js").string() + " " +
                                    (dir / "input.json").string() + " " +
                                    (dir / "code.js").string() + " " + (dir / "out.txt").string();
        const int status = std::system(command.c_str());
        return std::make_pair(status == 0, ReadFile(dir / "out.txt"));
    };

    const std::string raw = received[0].body;
    const auto [ok, out] = run(raw, secret, 5);
    ASSERT_TRUE(ok) << out;
    const auto verified = bj::parse(out).as_array();
    ASSERT_EQ(verified.size(), 1u);
    EXPECT_EQ(S(verified[0].at("json").at("event").at("type")), "ticket.created");
    EXPECT_EQ(S(verified[0].at("json").at("event").at("ticket").at("title")),
              "Ünïcode → and \"quotes\" survive");
    EXPECT_EQ(S(verified[0].at("json").at("delivery")), received[0].Header("X-Ticketing-Delivery"));

    std::string tampered = raw;
    tampered.replace(tampered.find("\"severity\":3"), 12, "\"severity\":1");
    const auto forged = run(tampered, secret, 5);
    EXPECT_FALSE(forged.first);
    EXPECT_NE(forged.second.find("Invalid X-Ticketing-Signature"), std::string::npos)
        << forged.second;
    EXPECT_FALSE(run(raw, secret + "x", 5).first) << "another secret";
    const auto stale = run(raw, secret, 3600);
    EXPECT_FALSE(stale.first);
    EXPECT_NE(stale.second.find("refusing a replay"), std::string::npos) << stale.second;
}

}  // namespace
}  // namespace ticketing::testing
