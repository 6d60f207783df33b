// Inside db/postgres/ only: other rooms' changes, as the server sends them (LISTEN/NOTIFY).
#pragma once

#include <memory>
#include <string>

#include "db/store.h"

namespace hc::db::pg {

// The channel every room's store sends on: payload "saved:<id>" or "lease:<id>".
constexpr const char* kChannel = "hairconsult";

// A ChangeFeed on a connection of its own to `uri`, listening on kChannel; notifications sent by
// the backend `ignore_pid` (the store's own main connection) are left out. Throws
// StoreError(Unreachable) when it cannot connect.
std::unique_ptr<ChangeFeed> open_change_feed(const std::string& uri, int ignore_pid);

}  // namespace hc::db::pg
