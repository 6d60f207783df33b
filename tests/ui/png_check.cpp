// Checks a screenshot is a real rendering: a PNG of the expected size with many colours and
// no single colour covering nearly everything. Exit 0 when it is, 1 with a reason otherwise.
// Usage: png_check FILE WIDTH HEIGHT
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <map>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: png_check FILE WIDTH HEIGHT\n");
        return 2;
    }
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
    if (!px) {
        std::fprintf(stderr, "png_check: %s is not a readable PNG\n", argv[1]);
        return 1;
    }
    int rc = 0;
    if (w != std::atoi(argv[2]) || h != std::atoi(argv[3])) {
        std::fprintf(stderr, "png_check: size %dx%d, expected %sx%s\n", w, h, argv[2], argv[3]);
        rc = 1;
    }
    std::map<unsigned, long> colours;
    const long total = static_cast<long>(w) * h;
    for (long i = 0; i < total; ++i)
        ++colours[(unsigned(px[i * 3]) << 16) | (unsigned(px[i * 3 + 1]) << 8) | px[i * 3 + 2]];
    long top = 0;
    for (const auto& [c, k] : colours) top = k > top ? k : top;
    if (colours.size() < 64) {
        std::fprintf(stderr, "png_check: only %zu colours: blank or not rendered\n", colours.size());
        rc = 1;
    }
    if (top > total * 97 / 100) {
        std::fprintf(stderr, "png_check: one colour covers %.1f%% of the image\n", 100.0 * top / total);
        rc = 1;
    }
    std::printf("%s: %dx%d, %zu colours, commonest %.1f%%\n", argv[1], w, h, colours.size(), 100.0 * top / total);
    stbi_image_free(px);
    return rc;
}
