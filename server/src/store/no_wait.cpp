#include "store/no_wait.hpp"

namespace ticketing::store {
namespace {

thread_local bool no_wait = false;

}  // namespace

NoWaitScope::NoWaitScope() : previous_(no_wait) { no_wait = true; }

NoWaitScope::~NoWaitScope() { no_wait = previous_; }

bool NoWait() { return no_wait; }

void ThrowIfNoWait() {
    if (no_wait) throw WouldBlock{};
}

}  // namespace ticketing::store
