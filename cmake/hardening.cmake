# Binary hardening (TESTPLAN SEC-17): PIE, stack protector, FORTIFY, full RELRO, BIND_NOW.
add_library(ticketing_hardening INTERFACE)
target_compile_options(ticketing_hardening INTERFACE -fstack-protector-strong -fPIE
  $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
target_link_options(ticketing_hardening INTERFACE -pie -Wl,-z,relro -Wl,-z,now)
