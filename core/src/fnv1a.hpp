#pragma once
// FNV-1a, 64 bits: a short, stable fingerprint of bytes, for telling
// whether two models or two data sets are the same. Not a secure hash.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace shoal {

class Fnv1a {
 public:
  void mix(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      state_ ^= p[i];
      state_ *= 1099511628211ull;
    }
  }
  /// The text and a terminator, so that "ab" + "c" differs from "a" + "bc".
  void mix_text(const std::string& text) { mix(text.c_str(), text.size() + 1); }

  /// Sixteen lowercase hex digits.
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx",
                  static_cast<unsigned long long>(state_));
    return text;
  }

 private:
  std::uint64_t state_ = 1469598103934665603ull;
};

}  // namespace shoal
