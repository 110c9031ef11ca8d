#include "http/idempotency.hpp"

#include "auth/api_key.hpp"

namespace ticketing::http {

Response Idempotent(RequestContext& ctx, Services& services, const std::function<Response()>& handle) {
    const std::string_view key = ctx.Header("Idempotency-Key");
    if (key.empty()) return handle();
    // Same key, same request: method, path and body must all match for a replay.
    const auto method = ctx.request.method_string();
    const std::string fingerprint = auth::Sha256Hex(std::string(method.data(), method.size()) + " " +
                                                    ctx.path + "\n" + ctx.request.body());
    const auto stored = services.idempotency.Run(ctx.Caller(), key, fingerprint, [&] {
        Response response = handle();
        app::StoredResponse out{static_cast<int>(response.status), std::move(response.body), {}, false};
        for (auto& header : response.headers) out.headers.push_back(std::move(header));
        return out;
    });
    Response response = Response::Json(stored.body, static_cast<Status>(stored.status));
    response.headers = stored.headers;
    if (stored.replayed) response.Header("Idempotent-Replayed", "true");
    return response;
}

}  // namespace ticketing::http
