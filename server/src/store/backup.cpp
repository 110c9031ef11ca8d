#include "store/backup.hpp"

#include <filesystem>
#include <stdexcept>

namespace ticketing::store {

void BackupTo(Database& db, const std::string& output_path) {
    if (db.dialect() != Dialect::kSqlite) {
        throw std::runtime_error("ticketing backup copies SQLite databases; for PostgreSQL use pg_dump");
    }
    if (std::filesystem::exists(output_path)) {
        throw std::runtime_error("refusing to overwrite " + output_path);
    }
    db.Read([&](Tx& tx) {
        std::string path = output_path;
        tx.sql() << "VACUUM INTO :path", soci::use(path);
    });
}

}  // namespace ticketing::store
