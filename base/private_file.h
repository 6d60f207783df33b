// Writing a file only this account may read (settings, and anything else that is ours alone).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace hc::base {

// A file that could not be written; what() is one line naming the file and the reason.
struct FileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Replaces `path` with `bytes`, atomically: a temporary file mode 0600 in the same folder is
// written and synced, then renamed over `path` (which, if it was a symlink, is replaced, never
// followed), and the folder is synced. A reader sees the old file or the new one, never half of
// either; on failure the old file is untouched and the temporary removed. Throws FileError.
void write_private_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace hc::base
