// Writing handout files safely: never over an existing file unless asked, never through a
// symlink, mode 0600 (patient data), and either the whole file or nothing.
#pragma once

#include <filesystem>
#include <string_view>

namespace hc::handout {

// Writes `bytes` to `path` with mode 0600. Without `overwrite`, an existing path (file,
// symlink, anything) is refused (O_CREAT|O_EXCL|O_NOFOLLOW). With `overwrite`, the bytes go
// to a new temporary file beside it, are synced, and renamed over the target, so a failure
// leaves the old file intact; only a regular file we may write is replaced (a symlink, folder,
// FIFO, socket or device is refused, checked with lstat before and after writing). A partly written new file is removed.
// Throws HandoutError with the path and the reason (exists, no such folder, disk full...).
void write_private_file(const std::filesystem::path& path, std::string_view bytes, bool overwrite = false);

}  // namespace hc::handout
