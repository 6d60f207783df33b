// Until the PostgreSQL backend (db/postgres/) is wired in: a server URI is refused by name.
#include "db/internal.h"
namespace hc::db {
std::unique_ptr<Backend> open_postgres_backend(const std::string& uri, const OpenOptions&) {
    throw StoreError(StoreError::Kind::CannotOpen, 0, "This build cannot open a server yet: " + uri);
}
}
