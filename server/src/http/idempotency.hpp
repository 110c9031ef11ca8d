#pragma once

#include <functional>

#include "http/request_context.hpp"
#include "http/response.hpp"
#include "http/services.hpp"

namespace ticketing::http {

// Runs `handle` at most once per (caller, Idempotency-Key): without the header it just runs it;
// with it, a repeated request gets the stored response (with `Idempotent-Replayed: true`).
[[nodiscard]] Response Idempotent(RequestContext& ctx, Services& services,
                                  const std::function<Response()>& handle);

}  // namespace ticketing::http
