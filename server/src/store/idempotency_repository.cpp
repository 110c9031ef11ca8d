#include "store/idempotency_repository.hpp"

#include "store/sql.hpp"

namespace ticketing::store {
namespace {

// Stored headers: one "Name: value" per line (only our own Location and ETag values).
std::string EncodeHeaders(const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string out;
    for (const auto& [name, value] : headers) out += name + ": " + value + "\n";
    return out;
}

std::vector<std::pair<std::string, std::string>> DecodeHeaders(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        const auto colon = line.find(": ");
        if (colon != std::string::npos) out.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

struct FindKey final : PreparedStatement {
    std::string principal;
    std::string key;
    std::string fingerprint;
    int status = 0;
    std::string body;
    std::string headers;
    long long created_at = 0;
    Query q;
    FindKey(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(principal).In(key).Out(fingerprint).Out(status).Out(body).Out(headers).Out(created_at);
        q.Prepare(
            "SELECT fingerprint, status, body, headers, created_at FROM idempotency_keys "
            "WHERE principal_id = :principal AND key = :key");
    }
};

struct InsertKey final : PreparedStatement {
    std::string principal;
    std::string key;
    std::string fingerprint;
    int status = 0;
    std::string body;
    std::string headers;
    long long created_at = 0;
    Query q;
    InsertKey(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(principal).In(key).In(fingerprint).In(status).In(body).In(headers).In(created_at);
        q.Prepare(
            "INSERT INTO idempotency_keys (principal_id, key, fingerprint, status, body, headers, "
            "created_at) VALUES (:principal, :key, :fingerprint, :status, :body, :headers, :created_at)");
    }
};

struct DeleteOld final : PreparedStatement {
    long long cutoff = 0;
    Query q;
    DeleteOld(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(cutoff);
        q.Prepare("DELETE FROM idempotency_keys WHERE created_at < :cutoff");
    }
};

struct LockKey final : PreparedStatement {
    std::string text;
    int done = 0;
    Query q;
    LockKey(soci::session& sql, Dialect d, const std::string&) : q(sql, d) {
        q.In(text).Out(done);
        q.Prepare("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:text, 7236))) AS locked");
    }
};

}  // namespace

void IdempotencyRepository::Lock(const std::string& principal_id, const std::string& key) {
    if (tx_.dialect() != Dialect::kPostgres) return;
    auto& s = tx_.connection().Prepared<LockKey>();
    s.text = "idempotency\n" + principal_id + "\n" + key;
    s.q.Run();
}

std::optional<IdempotencyRecord> IdempotencyRepository::Find(const std::string& principal_id,
                                                             const std::string& key) {
    auto& s = tx_.connection().Prepared<FindKey>();
    s.principal = principal_id;
    s.key = key;
    if (!s.q.Run()) return std::nullopt;
    return IdempotencyRecord{principal_id, key, s.fingerprint, s.status, s.body, DecodeHeaders(s.headers),
                             s.created_at};
}

void IdempotencyRepository::Insert(const IdempotencyRecord& record) {
    auto& s = tx_.connection().Prepared<InsertKey>();
    s.principal = record.principal_id;
    s.key = record.key;
    s.fingerprint = record.fingerprint;
    s.status = record.status;
    s.body = record.body;
    s.headers = EncodeHeaders(record.headers);
    s.created_at = record.created_at;
    s.q.Run();
}

long long IdempotencyRepository::DeleteOlderThan(std::int64_t cutoff_ms) {
    auto& s = tx_.connection().Prepared<DeleteOld>();
    s.cutoff = cutoff_ms;
    s.q.Run();
    return s.q.AffectedRows();
}

}  // namespace ticketing::store
