// PLACEHOLDER until the handout work lands: registers nothing. Replace this file.
#include "cli/commands.h"

namespace hc::cli {
void add_handout_command(CLI::App&, Common&) {}
}  // namespace hc::cli
