#pragma once

namespace ticketing::testing {

// A loopback TCP port nobody listens on right now, for a server of a test's own (a dedicated
// PostgreSQL cluster). Another process may take it before it is used; the tests that call this
// start their server at once.
int FreePort();

}  // namespace ticketing::testing
