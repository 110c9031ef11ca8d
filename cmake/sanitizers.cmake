# ASan + UBSan for the test preset; recover is off so the first report fails the test.
add_library(ticketing_sanitizers INTERFACE)
if(TICKETING_SANITIZE)
  # vptr is off: its checks need the typeinfo of SOCI's backend classes, which Debian's
  # libsoci does not export (link errors on static_cast to sqlite3_session_backend).
  set(_san -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
  target_compile_options(ticketing_sanitizers INTERFACE ${_san})
  target_link_options(ticketing_sanitizers INTERFACE ${_san})
endif()
