// Checks a write-ahead log against SQLite's documented WAL format before SQLite reads it.
//
// SQLite replays a WAL up to the first frame whose salts or cumulative checksum do not match and
// silently ignores the rest; the next write then resets the log and whatever lay beyond is gone.
// A frame only fails that way for two reasons: the write that made it was cut off (a crash before
// the commit returned: nothing acknowledged is lost), or the bytes were damaged afterwards. What
// tells them apart is what follows: frames are appended in order, so a frame of the current
// generation (the header's salts) lying after the failing one was written after it, i.e. the
// failing frame was complete once and has been damaged since. A complete frame of the current
// generation that fails at the very end of the log is treated the same way; a torn last write
// leaves the log ending inside that frame instead.
//
// Format (https://www.sqlite.org/fileformat2.html#walformat): a 32-byte header (magic, format
// version, page size, checkpoint sequence, salt-1, salt-2, checksum of the first 24 bytes), then
// frames of a 24-byte header (page number, database size in pages for a commit frame else 0,
// salt-1, salt-2, cumulative checksum over the first 8 header bytes and the page) and one page.
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "db/sqlite/backend.h"

namespace hc::db {
namespace {

constexpr std::uint32_t kMagicLittle = 0x377f0682;  // checksums over little-endian words
constexpr std::uint32_t kMagicBig = 0x377f0683;     // checksums over big-endian words
constexpr std::uint32_t kFormat = 3007000;
constexpr std::size_t kHeader = 32;
constexpr std::size_t kFrameHeader = 24;

std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
std::uint32_t le32(const unsigned char* p) {
    return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
}

// SQLite's WAL checksum: over 32-bit word pairs, continuing from s.
void checksum(bool big, const unsigned char* data, std::size_t n, std::uint32_t s[2]) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
        const std::uint32_t x0 = big ? be32(data + i) : le32(data + i);
        const std::uint32_t x1 = big ? be32(data + i + 4) : le32(data + i + 4);
        s[0] += x0 + s[1];
        s[1] += x1 + s[0];
    }
}

}  // namespace

WalCheck check_wal(const std::filesystem::path& wal) {
    WalCheck out;
    std::ifstream in(wal, std::ios::binary);
    if (!in) return out;  // no log (or not readable: SQLite will say so itself)
    const std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (b.empty()) return out;
    if (b.size() < kHeader) {
        out.damaged = true;
        out.why = "its header is cut short";
        return out;
    }
    const std::uint32_t magic = be32(b.data());
    const std::uint32_t page = be32(b.data() + 8);
    const bool big = magic == kMagicBig;
    std::uint32_t s[2] = {0, 0};
    checksum(big, b.data(), 24, s);
    if ((magic != kMagicLittle && magic != kMagicBig) || be32(b.data() + 4) != kFormat || page < 512 || page > 65536 ||
        (page & (page - 1)) != 0 || s[0] != be32(b.data() + 24) || s[1] != be32(b.data() + 28)) {
        // SQLite ignores a log with a bad header completely: every frame in it would be lost.
        if (b.size() > kHeader) {
            out.damaged = true;
            out.why = "its header is damaged";
        }
        return out;
    }
    const std::uint32_t salt1 = be32(b.data() + 16), salt2 = be32(b.data() + 20);
    const std::size_t frame = kFrameHeader + page;
    auto ours = [&](std::size_t off) { return be32(b.data() + off + 8) == salt1 && be32(b.data() + off + 12) == salt2; };

    std::size_t off = kHeader;
    for (; off + frame <= b.size(); off += frame) {
        const unsigned char* h = b.data() + off;
        if (!ours(off)) break;
        checksum(big, h, 8, s);
        checksum(big, h + kFrameHeader, page, s);
        if (s[0] != be32(h + 16) || s[1] != be32(h + 20)) break;
        out.valid_end = off + frame;
        if (be32(h + 4) != 0) out.commit_end = off + frame;  // a commit frame
    }
    if (off + frame > b.size()) return out;  // ran to the end, or a torn last frame
    // `off` is the first frame SQLite will not read. Anything of this generation after it was
    // written later, so this frame was whole once.
    bool later = false;
    for (std::size_t o = off + frame; o + frame <= b.size(); o += frame) later = later || ours(o);
    const bool last_whole = ours(off) && off + frame == b.size();
    if (later || last_whole) {
        out.damaged = true;
        out.why = "frame " + std::to_string((off - kHeader) / frame + 1) + " does not match its checksum";
    }
    return out;
}

}  // namespace hc::db
