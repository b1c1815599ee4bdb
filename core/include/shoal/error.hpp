#pragma once
/// Error types thrown by the shoal library. The library never prints and
/// never exits; the `shoal` command turns these into a message and an exit
/// code (2 for InputError, 1 for RunError).

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace shoal {

/// Something the user gave us is wrong: a file, a config key, a parameter.
/// The message names the place (file, line, column or key) and the value.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // Defined in error.cpp, so the vtable and type info exist in libshoal
  // only: an error a plugin throws must stay valid after the plugin is
  // unloaded, which can happen while the exception unwinds.
  ~InputError() override;
};

/// Valid input, but the work failed: a plugin misbehaved, a write failed.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  ~RunError() override;  // out of line, as ~InputError
};

/// "file:line:column: " (parts left out when zero), for error messages.
std::string where(const std::string& file, std::size_t line = 0,
                  std::size_t column = 0);

/// The candidate closest to `word` by edit distance, or "" when none is
/// close enough to be a likely typo. Used for "did you mean" hints.
std::string nearest_word(const std::string& word,
                         const std::vector<std::string>& candidates);

}  // namespace shoal
