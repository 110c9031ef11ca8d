#pragma once

namespace ticketing::store {

// A short read may run on the I/O thread that received its request (SQLite only; http/server.cpp),
// which saves two thread hand-offs per request. That thread serves other connections too, so it
// must never wait: inside a NoWaitScope, anything that would wait (a busy read pool, any write)
// throws WouldBlock instead, and so does a handler about to do long work (ThrowIfNoWait). The
// caller then runs the whole request again on the workers. Reads have no side effects, so the
// abandoned first attempt leaves nothing behind.
//
// Deliberately not a std::exception: the catch-alls that turn database failures into 503s must
// let it pass.
struct WouldBlock {};

class NoWaitScope {
public:
    NoWaitScope();
    ~NoWaitScope();
    NoWaitScope(const NoWaitScope&) = delete;
    NoWaitScope& operator=(const NoWaitScope&) = delete;

private:
    bool previous_;
};

// True inside a NoWaitScope on this thread.
[[nodiscard]] bool NoWait();
// Throws WouldBlock inside a NoWaitScope: for work that may take long (a page to render).
void ThrowIfNoWait();

}  // namespace ticketing::store
