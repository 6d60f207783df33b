#include "handout/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "handout/handout.h"

namespace hc::handout {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err) {
    throw HandoutError("cannot write " + path.string() + ": " + what + (err ? std::string(" (") + std::strerror(err) + ")" : ""));
}

// Writes everything and fsyncs; returns errno or 0.
int write_all(int fd, std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<std::size_t>(n);
    }
    return ::fsync(fd) == 0 ? 0 : errno;
}

// With `overwrite`, only a regular file we may write is replaced. Renaming over a FIFO, socket
// or device node would succeed (rename replaces any name) and, run as root, turn /dev/null into
// a PDF; a symlink would be replaced by a file where the user meant its target. Checked with
// lstat, which never follows a link.
void check_replaceable(const std::filesystem::path& path) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return;  // nothing there: a new file
        fail(path, "cannot inspect it", errno);
    }
    if (S_ISLNK(st.st_mode)) fail(path, "it is a symbolic link; it was not replaced", 0);
    if (S_ISDIR(st.st_mode)) fail(path, "it is a folder; it was not replaced", 0);
    if (S_ISFIFO(st.st_mode)) fail(path, "it is a pipe (FIFO), not a file; it was not replaced", 0);
    if (S_ISSOCK(st.st_mode)) fail(path, "it is a socket, not a file; it was not replaced", 0);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) fail(path, "it is a device, not a file; it was not replaced", 0);
    if (!S_ISREG(st.st_mode)) fail(path, "it is not a regular file; it was not replaced", 0);
    if (::access(path.c_str(), W_OK) != 0) fail(path, "the existing file may not be written by you; it was not replaced", 0);
}

}  // namespace

void write_private_file(const std::filesystem::path& path, std::string_view bytes, bool overwrite) {
    if (path.empty() || !path.has_filename()) fail(path, "not a file name", 0);
    if (overwrite) check_replaceable(path);
    const std::filesystem::path target = overwrite ? path.parent_path() / (path.filename().string() + ".tmp-" +
                                                     std::to_string(std::random_device{}()))
                                                   : path;
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        if (err == EEXIST) fail(path, "the file already exists (choose another name or allow overwriting)", 0);
        fail(path, "cannot create the file", err);
    }
    // O_CREAT honours the umask; make the mode exactly 0600 whatever it is.
    ::fchmod(fd, 0600);
    const int err = write_all(fd, bytes);
    if (::close(fd) != 0 && err == 0) {
        const int close_err = errno;
        ::unlink(target.c_str());
        fail(path, "write failed", close_err);
    }
    if (err != 0) {
        ::unlink(target.c_str());
        fail(path, "write failed", err);
    }
    if (overwrite) {
        // Again just before the rename: the name may have changed hands while we wrote.
        try {
            check_replaceable(path);
        } catch (...) {
            ::unlink(target.c_str());
            throw;
        }
        if (::rename(target.c_str(), path.c_str()) != 0) {
            const int rerr = errno;
            ::unlink(target.c_str());
            fail(path, "cannot replace the file", rerr);
        }
    }
}

}  // namespace hc::handout
