// Asio's TLS support compiled once (BOOST_ASIO_SEPARATE_COMPILATION), beside http/beast_impl.cpp
// which compiles the rest of Asio: only the webhook delivery job speaks TLS.
#include <boost/asio/ssl/impl/src.hpp>
