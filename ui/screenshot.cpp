#include "ui/screenshot.h"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <cstring>
#include <vector>

namespace hc::ui {

bool write_screenshot(const std::string& path, int width, int height, std::string& error) {
    if (width <= 0 || height <= 0) {
        error = "the window has no size";
        return false;
    }
    const std::size_t row = static_cast<std::size_t>(width) * 3;
    std::vector<unsigned char> px(row * static_cast<std::size_t>(height));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    // OpenGL's rows run bottom-up; PNG's top-down.
    std::vector<unsigned char> tmp(row);
    for (int y = 0; y < height / 2; ++y) {
        unsigned char* a = px.data() + row * static_cast<std::size_t>(y);
        unsigned char* b = px.data() + row * static_cast<std::size_t>(height - 1 - y);
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
    if (!stbi_write_png(path.c_str(), width, height, 3, px.data(), static_cast<int>(row))) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

}  // namespace hc::ui
