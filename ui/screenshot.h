// Writes the current OpenGL framebuffer to a PNG (for --screenshot and the GUI tests).
#pragma once

#include <string>

namespace hc::ui {

// Reads the back buffer (after rendering, before swapping), flips it to top-down rows and
// writes an RGB PNG. Returns false and sets `error` when the file cannot be written.
bool write_screenshot(const std::string& path, int width, int height, std::string& error);

}  // namespace hc::ui
