// Asio and Beast are compiled once, here, instead of in every translation unit that includes
// them (BOOST_ASIO_SEPARATE_COMPILATION / BOOST_BEAST_SEPARATE_COMPILATION): on two cores this
// keeps rebuilds fast.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
