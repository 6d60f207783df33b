// Inside db/postgres/ only: the server's schema, its migrations and its checks. The tables and
// columns are the file's (db/schema.cpp, version 4) by name and meaning, so one set of SQL
// (db/sql.h) serves both; what only a server needs (leases, room roles, the audit author taken
// from the login) is added around them.
#pragma once

#include <string>
#include <vector>

#include "db/backend.h"
#include "db/postgres/connection.h"

namespace hc::db::pg {

// The version a server at our latest schema records in schema_version (the file's number).
int latest_version();

// The session-wide lock two rooms opening a fresh database at once take turns on.
constexpr long long kMigrationLock = 0x48435344;  // 'HCSD', the file's application_id

// Brings the database up to latest_version() in one transaction under kMigrationLock and
// returns the version found before (0 = it was empty). `c` must have no transaction open. What
// the administrator must be told (no hairconsult_room role, so no grants) is added to `notes`.
// Throws StoreError: NotOurs (tables of another program, none of ours), NewerSchema (a newer
// hairconsult's), Corrupt (schema_version unreadable, negative or not one row), ReadOnly
// (migration needed but `read_only`), and what the server reports.
int migrate(PgConnection& c, bool read_only, std::vector<std::string>& notes);

// The version the database says it is at (0 when it has no schema_version table). Throws
// StoreError(Corrupt) as migrate() does.
int read_version(PgConnection& c);

// "" when the tables, triggers (present and enabled), schema_version and the erase guard are as
// migrate() leaves them; else the first problem, one sentence. With `invariants`, also every
// consultation's latest_revision is its newest (reads every consultation).
std::string check(PgConnection& c, bool invariants);

// Around a copy of rows with their own ids, inside one transaction of `c`: from begin_copy_in,
// audit rows keep the author they are inserted with when the login owns the tables or is a
// superuser (a room's are still stamped with its own); end_copy_in moves the id sequences past
// the copied ids and `at_least` (advance_id_sequences) and stamps authors again. The
// transaction's end ends both. begin_copy_in throws std::logic_error without a transaction.
void begin_copy_in(PgConnection& c);
void end_copy_in(PgConnection& c, const IdCounters& at_least = {});

// The store's guarantees as they stand on the server, looked at from this login (Store::check):
// the append-only triggers, what the rooms' group role may not do, the erase path, whose name
// the audit log takes, and whether the connection is private. Read only.
std::vector<Guarantee> guarantees(PgConnection& c);

// After rows were inserted with explicit ids (a copy from a file): moves every id sequence
// past the largest id in its table and past `at_least` (ids no row holds any more, such as an
// erased patient's), never back, so the next row the server numbers is nobody's.
void advance_id_sequences(PgConnection& c, const IdCounters& at_least = {});

// The last value each id sequence gave out, where this login may read it (0 where it may not,
// or the sequence never gave one out). Read only.
IdCounters id_counters(PgConnection& c);

}  // namespace hc::db::pg
