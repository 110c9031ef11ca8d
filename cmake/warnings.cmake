# Warnings live on an INTERFACE target that every project target links, never in global flags.
add_library(ticketing_warnings INTERFACE)
target_compile_options(ticketing_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wmisleading-indentation)
if(TICKETING_WERROR)
  target_compile_options(ticketing_warnings INTERFACE -Werror)
endif()
