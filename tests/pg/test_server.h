// The PostgreSQL server tests run against: the private cluster the pg_cluster fixture starts
// (its URI in HC_PG_URI_FILE), or HAIRCONSULT_TEST_PG when set (any server where the login may
// create databases and roles). Each test case works in a database of its own.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

#include "db/postgres/connection.h"

namespace hc::test_server {

// The admin URI of the test server.
inline std::string admin_uri() {
    if (const char* env = std::getenv("HAIRCONSULT_TEST_PG"); env && *env) return env;
    std::ifstream in(HC_PG_URI_FILE);
    std::string uri;
    std::getline(in, uri);
    if (uri.empty()) FAIL("no test server: run the pg_cluster fixture or set HAIRCONSULT_TEST_PG");
    return uri;
}

// `uri` with its query parameter `key` set to `value`.
inline std::string with_param(const std::string& uri, const std::string& key, const std::string& value) {
    const auto q = uri.find('?');
    if (q == std::string::npos) return uri + "?" + key + "=" + value;
    std::string out = uri.substr(0, q + 1);
    bool done = false;
    std::size_t i = q + 1;
    while (i <= uri.size()) {
        std::size_t amp = uri.find('&', i);
        if (amp == std::string::npos) amp = uri.size();
        std::string p = uri.substr(i, amp - i);
        if (p.rfind(key + "=", 0) == 0) {
            p = key + "=" + value;
            done = true;
        }
        if (!p.empty()) out += (out.back() == '?' ? "" : "&") + p;
        i = amp + 1;
    }
    if (!done) out += "&" + key + "=" + value;
    return out;
}

// `uri` naming database `db` instead.
inline std::string with_db(const std::string& uri, const std::string& db) {
    const auto start = uri.find('/', uri.find("://") + 3);
    const auto end = uri.find('?');
    if (start == std::string::npos || (end != std::string::npos && start > end))
        return uri.substr(0, end) + "/" + db + (end == std::string::npos ? "" : uri.substr(end));
    return uri.substr(0, start + 1) + db + (end == std::string::npos ? "" : uri.substr(end));
}

// The database a store URI names, reached as the admin (the tests log in as the admin anyway;
// a room's URI names another user).
inline std::string as_admin(const std::string& uri) {
    const auto start = uri.find('/', uri.find("://") + 3);
    const auto end = uri.find('?');
    return with_db(admin_uri(), uri.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1));
}

// A new, empty database for one test case; its URI (as the admin).
inline std::string fresh_db(const std::string& name) {
    hc::db::PgConnection admin(admin_uri());
    admin.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    admin.exec("CREATE DATABASE " + name);
    return with_db(admin_uri(), name);
}

}  // namespace hc::test_server
