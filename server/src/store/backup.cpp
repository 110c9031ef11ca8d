#include "store/backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace ticketing::store {
namespace {

// VACUUM INTO does not sync the file it writes; a backup that a power cut can lose is no backup.
void SyncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) throw std::runtime_error("cannot sync " + path + ": " + std::strerror(error));
}

}  // namespace

void BackupTo(Database& db, const std::string& output_path) {
    if (db.dialect() != Dialect::kSqlite) {
        throw std::runtime_error(
            "ticketing backup copies SQLite databases; for PostgreSQL use pg_dump "
            "(e.g. pg_dump --format=custom --file=ticketing.dump \"$DATABASE_URL\"; "
            "see docs/operations.md)");
    }
    if (std::filesystem::exists(output_path)) {
        throw std::runtime_error("refusing to overwrite " + output_path);
    }
    // VACUUM cannot run inside a transaction, so it runs on the writer connection outside one.
    // It reads one WAL snapshot: writers in other processes (the live server) go on meanwhile;
    // writes through `db` itself wait until the copy is done.
    db.RunExclusive([&](Connection& conn) {
        std::string path = output_path;
        conn.sql() << "VACUUM INTO :path", soci::use(path);
    });
    SyncFile(output_path);
}

}  // namespace ticketing::store
