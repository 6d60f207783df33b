#include "ui/preview_gl.h"

#include <GL/gl.h>
#include <cstdint>

namespace hc::ui {

namespace {
GLuint gl_id(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(id)); }
}  // namespace

PreviewGl::~PreviewGl() { clear(); }

void PreviewGl::clear() {
    for (const auto& p : tex_.pages) {
        const GLuint id = gl_id(p.id);
        glDeleteTextures(1, &id);
    }
    tex_.pages.clear();
}

bool PreviewGl::sync(const HandoutPanel& panel) {
    if (panel.generation == tex_.generation) return false;
    clear();
    tex_.generation = panel.generation;
    if (!panel.open) return true;
    GLint last = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // rows of 4-byte pixels: always aligned
    for (const auto& img : panel.pages) {
        if (img.width <= 0 || img.height <= 0 ||
            img.rgba.size() != static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4)
            continue;
        GLuint id = 0;
        glGenTextures(1, &id);
        glBindTexture(GL_TEXTURE_2D, id);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, img.width, img.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
        tex_.pages.push_back({reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id)), img.width, img.height});
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
    return true;
}

}  // namespace hc::ui
