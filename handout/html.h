// The handout as one standalone HTML file (no external resources), with print CSS. Same
// content and order as the PDF. Every piece of text is escaped (& < > " ').
#pragma once

#include <string>

#include "handout/handout.h"

namespace hc::handout {

// Never throws (except std::bad_alloc). The stage diagram is inline SVG.
std::string render_html(const Handout& handout);

}  // namespace hc::handout
