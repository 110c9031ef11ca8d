#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>
#include <utility>

namespace ticketing::http {

// Runs blocking work `fn` on `pool` and resumes the calling coroutine on its own executor with
// the result (or the exception). Work that may wait never runs on the I/O threads (short reads
// on SQLite try there first and come here the moment they would wait: store/no_wait.hpp).
template <class Fn>
boost::asio::awaitable<std::invoke_result_t<Fn&>> Offload(boost::asio::thread_pool& pool, Fn fn) {
    using Result = std::invoke_result_t<Fn&>;
    co_return co_await boost::asio::co_spawn(
        pool.get_executor(),
        [fn = std::move(fn)]() mutable -> boost::asio::awaitable<Result> { co_return fn(); },
        boost::asio::use_awaitable);
}

}  // namespace ticketing::http
