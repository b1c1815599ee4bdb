#pragma once
/// How subcommands plug into the `shoal` program: each command's source file
/// registers itself with SHOAL_COMMAND, so adding a command touches no other
/// file.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace shoal::cli {

/// What runs when the subcommand is chosen; returns the exit code.
using Action = std::function<int()>;
/// Declares the subcommand's options on `command` and returns its action.
using Setup = Action (*)(CLI::App& command);

struct Command {
  int order;  ///< position in `shoal --help`
  std::string name;
  std::string description;
  Setup setup;
};

std::vector<Command>& commands();
bool register_command(Command command);

/// Exit codes: bad input (a file, a key, a parameter) and failed work.
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitFailure = 1;

}  // namespace shoal::cli

#define SHOAL_COMMAND(order, name, description, setup)                 \
  namespace {                                                          \
  const bool registered_##setup = ::shoal::cli::register_command(      \
      {order, name, description, setup});                             \
  }
