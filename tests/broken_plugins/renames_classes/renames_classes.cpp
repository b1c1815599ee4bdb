// Fixture: the output's class names are not the input's.

#include <cctype>

#include "broken_plugin.hpp"

namespace {

class Renames final : public shoal::Strategy {
 public:
  explicit Renames(shoal::Params&) {}
  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t) const override {
    shoal::Dataset out = train;
    for (std::string& name : out.class_names) {
      name[0] = static_cast<char>(std::toupper(name[0]));
    }
    return out;
  }
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(Renames, "renames_classes",
                      "fixture: capitalises the class names", "1.0.0", false)
