#include "ui/platform.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <set>
#include <vector>

#include "ui/keys.h"

namespace hc::ui {

static_assert(keys::S == GLFW_KEY_S && keys::Enter == GLFW_KEY_ENTER && keys::PageUp == GLFW_KEY_PAGE_UP &&
              keys::PageDown == GLFW_KEY_PAGE_DOWN && keys::Equal == GLFW_KEY_EQUAL && keys::Minus == GLFW_KEY_MINUS &&
              keys::Num0 == GLFW_KEY_0 && keys::KpAdd == GLFW_KEY_KP_ADD && keys::KpSubtract == GLFW_KEY_KP_SUBTRACT &&
              keys::KpEnter == GLFW_KEY_KP_ENTER && keys::Escape == GLFW_KEY_ESCAPE && keys::F1 == GLFW_KEY_F1 && keys::F6 == GLFW_KEY_F6 && keys::Tab == GLFW_KEY_TAB &&
              keys::D == GLFW_KEY_D && keys::F == GLFW_KEY_F && keys::N == GLFW_KEY_N && keys::Q == GLFW_KEY_Q,
              "ui/keys.h must match GLFW's key codes");

// ImGui 1.86 reads keys as "down now" at each NewFrame, so a key pressed and released between
// two frames (a quick tap, a shortcut sent at once, keys arriving together after a stall) is
// never seen, and Ctrl released in the same batch as the N it held turns Ctrl+N into N: the
// clinician's keystroke is lost or changed. So each key changes state at most once per frame,
// and a modifier is not released in a frame where another key changed; a change that has to
// wait for the next frame keeps its order with the same key's changes and with the modifiers,
// and typed characters keep their order behind any waiting key (ImGui 1.87 added such a queue
// inside ImGui). While the app moves the keyboard to another question (settle_input), input
// waits too, so "Enter, then 2" answers the next question even when the window is slow.
struct InputEvent {
    unsigned codepoint = 0;  // a typed character when non-zero; else a key change
    int key = 0, scancode = 0, action = 0, mods = 0;
};

bool is_modifier(int key) {
    return key == GLFW_KEY_LEFT_CONTROL || key == GLFW_KEY_RIGHT_CONTROL || key == GLFW_KEY_LEFT_SHIFT ||
           key == GLFW_KEY_RIGHT_SHIFT || key == GLFW_KEY_LEFT_ALT || key == GLFW_KEY_RIGHT_ALT ||
           key == GLFW_KEY_LEFT_SUPER || key == GLFW_KEY_RIGHT_SUPER;
}

struct Platform::Impl {
    GLFWwindow* window = nullptr;
    bool scale_changed = false;
    bool backends = false;
    std::set<int> keys_changed;     // keys that changed state since the last frame
    bool other_key_changed = false; // a key other than a modifier changed since the last frame
    bool command_key_pressed = false;  // Enter, Tab, Escape, an arrow... was pressed since the last frame
    bool char_typed = false;        // a character went in since the last frame
    std::vector<InputEvent> held;   // input waiting for a later frame, oldest first
    int settle = 0;                 // frames during which new input waits (a focus move settles)

    // Passes the event to ImGui now, or holds it for after the next frame.
    void input(const InputEvent& e) {
        // A character typed after Enter or Tab belongs to where that key takes the keyboard, and
        // Enter typed after a character acts on what the character did: never in the same frame.
        if (e.codepoint != 0) {
            if (settle > 0 || !held.empty() || command_key_pressed) {
                held.push_back(e);
            } else {
                char_typed = true;
                ImGui_ImplGlfw_CharCallback(window, e.codepoint);
            }
            return;
        }
        const bool modifier = is_modifier(e.key);
        const bool command = e.key >= GLFW_KEY_ESCAPE && !modifier;  // keys that type no character
        const auto waiting = [&](auto pred) { return std::any_of(held.begin(), held.end(), pred); };
        const bool wait =
            settle > 0 || waiting([&](const InputEvent& h) { return h.codepoint == 0 && h.key == e.key; }) ||
            (modifier ? !held.empty() : waiting([](const InputEvent& h) { return h.codepoint == 0 && is_modifier(h.key); })) ||
            (e.action != GLFW_REPEAT && keys_changed.count(e.key) != 0) ||
            (e.action == GLFW_RELEASE && modifier && other_key_changed) ||
            (command && e.action == GLFW_PRESS && char_typed);
        if (wait) {
            held.push_back(e);
            return;
        }
        if (e.action != GLFW_REPEAT) keys_changed.insert(e.key);
        if (!modifier) other_key_changed = true;
        if (command && e.action != GLFW_RELEASE) command_key_pressed = true;
        ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, e.action, e.mods);
    }
    // After a frame (and what it asked for): the held input goes in under the same rules.
    void release_held() {
        keys_changed.clear();
        other_key_changed = false;
        command_key_pressed = false;
        char_typed = false;
        if (settle > 0 && --settle > 0) return;
        std::vector<InputEvent> pending;
        pending.swap(held);
        for (const auto& e : pending) input(e);
    }
};

namespace {
std::string g_glfw_error;

Platform* self(GLFWwindow* w) { return static_cast<Platform*>(glfwGetWindowUserPointer(w)); }
void more_frames(GLFWwindow* w) {
    if (auto* p = self(w)) p->frames_left = 3;
}
// Ours are installed first; ImGui's backend stores them and calls them after its own.
void on_key(GLFWwindow* w, int, int, int, int) { more_frames(w); }
void on_char(GLFWwindow* w, unsigned int) { more_frames(w); }
void on_mouse_button(GLFWwindow* w, int, int, int) { more_frames(w); }
void on_cursor(GLFWwindow* w, double, double) { more_frames(w); }
void on_scroll(GLFWwindow* w, double, double) { more_frames(w); }
void on_focus(GLFWwindow* w, int) { more_frames(w); }
void on_enter(GLFWwindow* w, int) { more_frames(w); }
void on_size(GLFWwindow* w, int, int) { more_frames(w); }
void on_refresh(GLFWwindow* w) { more_frames(w); }
}  // namespace

std::unique_ptr<Platform> Platform::open(int width, int height, bool visible, std::string& error) {
    glfwSetErrorCallback([](int, const char* msg) { g_glfw_error = msg ? msg : "unknown GLFW error"; });
    if (!glfwInit()) {
        error = "no display: cannot open a window (" + g_glfw_error +
                "). Run hairconsult in a desktop session, or use hairconsult-cli.";
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    // The title never carries patient data.
    GLFWwindow* w = glfwCreateWindow(width, height, "hairconsult", nullptr, nullptr);
    if (!w) {
        error = "cannot open a window with OpenGL 3.3 (" + g_glfw_error + ")";
        glfwTerminate();
        return nullptr;
    }
    std::unique_ptr<Platform> p(new Platform());
    p->impl_ = std::make_unique<Impl>();
    p->impl_->window = w;
    glfwSetWindowUserPointer(w, p.get());
    glfwMakeContextCurrent(w);
    glfwSwapInterval(1);
    glfwSetKeyCallback(w, on_key);
    glfwSetCharCallback(w, on_char);
    glfwSetMouseButtonCallback(w, on_mouse_button);
    glfwSetCursorPosCallback(w, on_cursor);
    glfwSetScrollCallback(w, on_scroll);
    glfwSetWindowFocusCallback(w, on_focus);
    glfwSetCursorEnterCallback(w, on_enter);
    glfwSetFramebufferSizeCallback(w, on_size);
    glfwSetWindowRefreshCallback(w, on_refresh);
    glfwSetWindowContentScaleCallback(w, [](GLFWwindow* win, float, float) {
        if (auto* pl = self(win)) {
            pl->impl_->scale_changed = true;
            pl->frames_left = 3;
        }
    });
    // After our callbacks, so the backend chains to them.
    if (!ImGui_ImplGlfw_InitForOpenGL(w, true) || !ImGui_ImplOpenGL3_Init("#version 330 core")) {
        error = "cannot initialise OpenGL 3.3 for the interface";
        return nullptr;
    }
    // Keys go through the per-frame queue above before reaching the backend (which then chains
    // to on_key for more frames). The backend restores its own callback at shutdown.
    glfwSetKeyCallback(w, [](GLFWwindow* win, int key, int scancode, int action, int mods) {
        if (auto* pl = self(win)) pl->impl_->input({0, key, scancode, action, mods});
    });
    glfwSetCharCallback(w, [](GLFWwindow* win, unsigned int c) {
        if (auto* pl = self(win)) pl->impl_->input({c == 0 ? 0xFFFDu : c, 0, 0, 0, 0});
    });
    p->impl_->backends = true;
    return p;
}

Platform::~Platform() {
    if (!impl_) return;
    if (impl_->backends) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
    }
    if (impl_->window) glfwDestroyWindow(impl_->window);
    glfwTerminate();
}

float Platform::content_scale() const {
    float x = 1, y = 1;
    glfwGetWindowContentScale(impl_->window, &x, &y);
    return x > 0.5f ? x : 1.0f;
}
bool Platform::scale_changed() {
    const bool c = impl_->scale_changed;
    impl_->scale_changed = false;
    return c;
}
bool Platform::iconified() const { return glfwGetWindowAttrib(impl_->window, GLFW_ICONIFIED) != 0; }
bool Platform::close_requested() const { return glfwWindowShouldClose(impl_->window) != 0; }
void Platform::cancel_close() { glfwSetWindowShouldClose(impl_->window, GLFW_FALSE); }
void Platform::wait(double t) { glfwWaitEventsTimeout(t); }
void Platform::wait_forever() { glfwWaitEvents(); }
void Platform::poll() { glfwPollEvents(); }
void Platform::new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
}
void Platform::render(float r, float g, float b) {
    int w = 0, h = 0;
    glfwGetFramebufferSize(impl_->window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(r, g, b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}
void Platform::swap() { glfwSwapBuffers(impl_->window); }
void Platform::settle_input(int frames) { impl_->settle = std::max(impl_->settle, frames); }
void Platform::end_frame() {
    // The frame has seen every input that came before it: the held input goes in now.
    impl_->release_held();
    if (!impl_->held.empty()) frames_left = std::max(frames_left, 1);  // until all of it is in
}
void Platform::framebuffer_size(int& w, int& h) const { glfwGetFramebufferSize(impl_->window, &w, &h); }
double Platform::time() const { return glfwGetTime(); }
void Platform::wake() { glfwPostEmptyEvent(); }

}  // namespace hc::ui
