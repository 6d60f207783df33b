#include "tests/support/test_support.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace hc::test_support {

namespace {

std::filesystem::path make_temp_dir(std::string_view prefix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp " + tmpl);
    return tmpl;
}

}  // namespace

TempDir::TempDir(std::string_view prefix) : path(make_temp_dir(prefix)) {}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

std::string quote(std::string_view s) {
    std::string q = "'";
    for (const char c : s) q += c == '\'' ? std::string_view("'\\''") : std::string_view(&c, 1);
    return q + "'";
}

std::string quote(const std::filesystem::path& p) { return quote(std::string_view(p.native())); }

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace hc::test_support
