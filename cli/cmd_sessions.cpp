// PLACEHOLDER until the sessions work lands: registers nothing. Replace this file.
#include "cli/commands.h"

namespace hc::cli {
void add_sessions_command(CLI::App&, Common&) {}
}  // namespace hc::cli
