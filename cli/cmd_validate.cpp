// PLACEHOLDER until the engine work lands: registers nothing. Replace this file.
#include "cli/commands.h"

namespace hc::cli {
void add_validate_command(CLI::App&, Common&) {}
}  // namespace hc::cli
