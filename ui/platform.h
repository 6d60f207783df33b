// The window and its events: the only file that calls glfw*. Installs its callbacks before
// ImGui's GLFW backend (which chains to them), so any input asks for a few more frames and the
// app can sleep in glfwWaitEventsTimeout the rest of the time.
#pragma once

#include <memory>
#include <string>

namespace hc::ui {

class Platform {
public:
    // Opens a window with an OpenGL 3.3 core context, vsync on, and initialises ImGui's GLFW
    // and OpenGL3 backends (an ImGui context must exist). Returns null and sets `error` when
    // there is no display or no OpenGL; never throws.
    static std::unique_ptr<Platform> open(int width, int height, bool visible, std::string& error);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    float content_scale() const;       // monitor content scale of the window (1 on a plain X server)
    bool scale_changed();              // true once after the content scale changed
    bool iconified() const;
    bool close_requested() const;      // the window's close button
    void cancel_close();
    void wait(double timeout_s);       // glfwWaitEventsTimeout
    void wait_forever();               // glfwWaitEvents (iconified)
    void poll();
    void new_frame();                  // backend NewFrame for GLFW and OpenGL3
    void render(float r, float g, float b);  // clears, draws ImGui's draw data
    void swap();
    // After a frame's actions are applied: input held back (see platform.cpp) goes in.
    void end_frame();
    // The app is moving the keyboard (another question, page or screen): input typed meanwhile
    // waits this many frames, so it reaches where the keyboard lands, in order.
    void settle_input(int frames);
    void framebuffer_size(int& w, int& h) const;
    double time() const;
    static void wake();                // from another thread: glfwPostEmptyEvent

    // Input happened: draw this many more frames (popups and layout need a few to settle).
    int frames_left = 3;

private:
    Platform() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hc::ui
