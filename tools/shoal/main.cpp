// The `shoal` command line: parses arguments, runs one subcommand, and turns
// library errors into a message on stderr and an exit code.

#include <algorithm>
#include <iostream>
#include <map>

#include "command.hpp"
#include "shoal/error.hpp"
#include "shoal/version.hpp"

namespace shoal::cli {

std::vector<Command>& commands() {
  static std::vector<Command> all;
  return all;
}

bool register_command(Command command) {
  commands().push_back(std::move(command));
  return true;
}

}  // namespace shoal::cli

int main(int argc, char** argv) {
  using namespace shoal::cli;
  CLI::App app{
      "shoal trains small neural networks to detect abnormal fish behaviour "
      "on imbalanced data, compares imbalance strategies, and exports the "
      "detector as a C header for a microcontroller."};
  app.name("shoal");
  app.set_version_flag("--version", std::string("shoal ") + shoal::kVersion);
  app.require_subcommand(1);
  app.footer(
      "Typical use:\n"
      "  shoal run configs/fish_compare.yaml --out out/compare\n"
      "  shoal predict out/compare/models/smote.json rows.csv -o scored.csv\n"
      "  shoal export out/compare/models/smote.json -o fish_detector.h\n\n"
      "Exit codes: 0 success, 2 bad input (the message names the file,\n"
      "line, column or key), 1 failure while working.\n"
      "Run 'shoal COMMAND --help' for the options of a command.");

  auto& all = commands();
  std::sort(all.begin(), all.end(), [](const Command& a, const Command& b) {
    return a.order < b.order;
  });
  std::map<CLI::App*, Action> actions;
  for (const auto& command : all) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    actions[sub] = command.setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }

  try {
    for (auto& [sub, action] : actions) {
      if (sub->parsed()) return action();
    }
  } catch (const shoal::InputError& e) {
    std::cerr << "shoal: error: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "shoal: failed: " << e.what() << '\n';
    return kExitFailure;
  } catch (...) {
    std::cerr << "shoal: failed with an exception that is not a "
                 "std::exception\n";
    return kExitFailure;
  }
  return kExitFailure;
}
