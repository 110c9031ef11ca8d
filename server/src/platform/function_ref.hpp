#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace ticketing::platform {

template <class Signature>
class FunctionRef;

// A non-owning reference to a callable: no allocation, valid only while the callable lives.
// Used to pass "run this inside a transaction" callbacks across the store's virtual interface.
template <class R, class... Args>
class FunctionRef<R(Args...)> {
public:
    // Also binds temporaries: a lambda passed as an argument lives until the call returns.
    template <class F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> &&
                 std::is_invocable_r_v<R, std::remove_reference_t<F>&, Args...>)
    FunctionRef(F&& f)  // NOLINT(google-explicit-constructor): a reference, like std::function_ref
        : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
          call_([](void* object, Args... args) -> R {
              return (*static_cast<std::remove_reference_t<F>*>(object))(std::forward<Args>(args)...);
          }) {}

    R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
    void* object_;
    R (*call_)(void*, Args...);
};

}  // namespace ticketing::platform
