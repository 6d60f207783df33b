// Key indices into ImGuiIO::KeysDown. ImGui 1.86 has no full key enum; its GLFW backend uses
// GLFW key codes as indices, so these are GLFW's values (platform.cpp checks they match).
// Kept here so screens and window-less tests need no GLFW header.
#pragma once

namespace hc::ui::keys {
inline constexpr int S = 83;
inline constexpr int F = 70;
inline constexpr int N = 78;
inline constexpr int Q = 81;
inline constexpr int D = 68;
inline constexpr int Num0 = 48;
inline constexpr int Equal = 61;     // '=' / '+' on most layouts
inline constexpr int Minus = 45;
inline constexpr int KpAdd = 334;
inline constexpr int KpSubtract = 333;
inline constexpr int Enter = 257;
inline constexpr int KpEnter = 335;
inline constexpr int Escape = 256;
inline constexpr int Tab = 258;
inline constexpr int PageUp = 266;
inline constexpr int PageDown = 267;
inline constexpr int F1 = 290;
inline constexpr int F6 = 295;
}  // namespace hc::ui::keys
