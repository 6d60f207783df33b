#include "base/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hc::base {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int err) {
    throw FileError("cannot " + std::string(what) + " " + path.string() + ": " + std::strerror(err));
}

}  // namespace

void write_private_file(const std::filesystem::path& path, std::string_view bytes) {
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string tmp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
    // mkstemp creates the file 0600 with O_EXCL: nobody else can have it open or have linked it.
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) fail(path, "write", errno);
    const auto abandon = [&](const char* what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        fail(path, what, err);
    };
    if (::fchmod(fd, 0600) != 0) abandon("write");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) abandon("write");
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) abandon("write");
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(path, "write", err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(path, "replace", err);
    }
    // The rename is durable once the folder is synced; a failure here leaves the new file in place.
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace hc::base
