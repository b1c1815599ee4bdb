#pragma once
// Running the real `shoal` program from tests: its exit code and what it
// printed, and scratch folders on disk.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace shoal::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< standard output
  std::string err;  ///< standard error
};

inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fresh, empty folder under the system's temporary folder, private to
/// this process: ctest runs each test in its own process, several at once.
inline std::filesystem::path scratch_folder(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("shoal_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Runs `shoal <arguments>` through the shell (arguments are shell words).
inline CommandResult run_shoal(const std::string& arguments) {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  std::string tag =
      std::to_string(::getpid()) + "_" + std::to_string(++counter);
  auto out = dir / ("shoal_cli_out_" + tag);
  auto err = dir / ("shoal_cli_err_" + tag);
  std::string command = std::string("\"") + SHOAL_EXE + "\" " + arguments +
                        " >\"" + out.string() + "\" 2>\"" + err.string() +
                        "\" </dev/null";
  int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

/// A path inside the source tree, quoted for the shell.
inline std::string source_file(const std::string& relative) {
  return "\"" + std::string(SHOAL_SOURCE_DIR) + "/" + relative + "\"";
}

}  // namespace shoal::testing
