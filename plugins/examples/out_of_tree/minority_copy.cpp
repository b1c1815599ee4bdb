// Strategy `minority_copy`: over-sampling by replication. Every minority
// row is repeated the same whole number of times, so the minority grows
// towards the majority's size without any random draw: unlike
// random_oversampling, no row is left out or over-represented by chance.
// The network then sees the minority as often as class weights of the same
// ratio would make it count, but in balanced batches.
//
// Parameters:
//   copies  "auto" (default): floor(majority / minority) - 1 extra copies
//           of each minority row, the most that keeps the minority no
//           larger than the majority (26 abnormal rows against 547 normal
//           ones get 20 copies each: 26 * 21 = 546 rows);
//           or a whole number of extra copies, 0 to 1000.
// Copies keep their row's weight. The seed is not used.

#include <cstdint>
#include <string>
#include <vector>

#include "shoal/strategy.hpp"

namespace {

const char* const kName = "minority_copy";

class MinorityCopy final : public shoal::Strategy {
 public:
  explicit MinorityCopy(shoal::Params& params) {
    const nlohmann::json* given = params.find("copies");
    if (given == nullptr || *given == "auto") return;
    if (!given->is_number_integer()) {
      params.fail("copies",
                  "must be \"auto\" or a whole number of extra "
                  "copies, got " +
                      given->dump());
    }
    copies_ = params.integer("copies", 0, 0, 1000);
  }

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t /*seed*/) const override {
    int minority = train.minority_class();
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < train.rows(); ++i) {
      if (train.labels[i] == minority) rows.push_back(i);
    }
    if (rows.empty()) {
      throw shoal::InputError(std::string("strategy '") + kName + "': class '" +
                              train.class_names[minority] +
                              "' has no rows to copy");
    }
    std::int64_t copies = copies_ >= 0 ? copies_ : auto_copies(train, rows);

    shoal::Dataset out = train;
    out.features.reserve(out.features.size() +
                         copies * rows.size() * train.cols());
    for (std::int64_t c = 0; c < copies; ++c) {
      for (std::size_t row : rows) {
        out.add_row(train.row(row), minority, train.weights[row]);
      }
    }
    return out;
  }

 private:
  static std::int64_t auto_copies(const shoal::Dataset& train,
                                  const std::vector<std::size_t>& rows) {
    auto counts = train.class_counts();
    std::size_t majority = counts[train.majority_class()];
    return static_cast<std::int64_t>(majority / rows.size()) - 1;
  }

  std::int64_t copies_ = -1;  ///< -1: "auto"
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(MinorityCopy, kName,
                      "over-sample by repeating every minority row equally",
                      "1.0.0", false)
