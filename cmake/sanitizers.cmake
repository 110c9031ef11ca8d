# ASan + UBSan for the test preset; recover is off so the first report fails the test.
add_library(ticketing_sanitizers INTERFACE)
if(TICKETING_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(ticketing_sanitizers INTERFACE ${_san})
  target_link_options(ticketing_sanitizers INTERFACE ${_san})
endif()
