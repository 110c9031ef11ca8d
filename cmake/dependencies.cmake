# Every dependency comes from Debian 12 packages (scripts/install-deps.sh installs them).
find_package(Boost 1.81.0 EXACT REQUIRED COMPONENTS json url CONFIG)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(JWT REQUIRED IMPORTED_TARGET libjwt)

# Debian ships SOCI without a CMake config.
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_PG_LIB soci_postgresql REQUIRED)
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
add_library(soci INTERFACE)
target_include_directories(soci SYSTEM INTERFACE ${SOCI_INCLUDE_DIR} ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(soci INTERFACE ${SOCI_SQLITE_LIB} ${SOCI_PG_LIB} ${SOCI_CORE_LIB}
  SQLite::SQLite3 PostgreSQL::PostgreSQL)

find_library(CRYPT_LIB crypt REQUIRED)

if(TICKETING_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# docs/openapi.yaml is converted to JSON at build time (scripts/openapi-embed.py, python3-yaml).
# Debian's interpreter first: install-deps.sh puts python3-yaml there, while a python3 earlier on
# PATH (pyenv and the like) may lack the yaml module.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3)
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
