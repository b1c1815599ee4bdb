// Strategy `random_oversampling`: imbalanced-learn's RandomOverSampler.
// Each class to grow gets copies of its own rows, drawn uniformly with
// replacement, until it reaches its target count.
//
// Parameters:
//   sampling_strategy  which classes grow and to how many rows (default
//                      "auto"); see sampling.hpp;
//   shrinkage          optional number >= 0: draw a smoothed bootstrap
//                      (ROSE, Menardi & Torelli 2014) instead of exact
//                      copies; 0 gives exact copies;
//
// Smoothed bootstrap, as imblearn/over_sampling/_random_over_sampler.py
// computes it: each copy gets Gaussian noise whose standard deviation on
// feature j is
//   shrinkage * std_j * (4 / ((n_features + 2) * n_rows)) ^ (1 / (n_features +
//   4))
// where std_j is the population standard deviation of feature j over the
// class's rows and n_rows is the number of rows of the whole training set
// (imbalanced-learn's X.shape[0]), Silverman's rule-of-thumb bandwidth.
//
// The original rows come first; copies follow class by class and keep the
// weight of the row they copy (a copy is that row once more).

#include <cmath>

#include "shoal/sampling.hpp"
#include "shoal/strategy.hpp"

namespace {

const char* const kName = "random_oversampling";

class RandomOversampling final : public shoal::Strategy {
 public:
  explicit RandomOversampling(shoal::Params& params)
      : strategy_(
            shoal::read_sampling_strategy(params, shoal::SamplingKind::over)) {
    if (params.has("shrinkage")) {
      shrinkage_ = params.number("shrinkage", 0);
      if (shrinkage_ < 0) {
        params.fail("shrinkage",
                    "must be >= 0, got " + params.values()["shrinkage"].dump());
      }
    } else {
      params.find("shrinkage");  // known key, no smoothing
    }
  }

  shoal::Dataset apply(const shoal::Dataset& train,
                       std::uint64_t seed) const override {
    auto targets = shoal::sampling_targets(train, strategy_,
                                           shoal::SamplingKind::over, kName);
    shoal::Dataset out = train;
    shoal::SampleRandom random(seed);
    shoal::for_each_grown_class(train, targets,
                                [&](int label, std::size_t extra) {
                                  grow_class(train, label, extra, random, out);
                                });
    return out;
  }

 private:
  void grow_class(const shoal::Dataset& train, int label, std::size_t count,
                  shoal::SampleRandom& random, shoal::Dataset& out) const {
    auto rows = shoal::rows_of_class(train, label);
    std::vector<std::size_t> drawn(count);
    for (auto& row : drawn) row = rows[random.index(rows.size())];
    std::size_t first = out.rows();
    for (std::size_t row : drawn) {
      out.add_row(train.row(row), label, train.weights[row]);
    }
    if (shrinkage_ <= 0) return;

    auto scale = noise_scale(train, rows);
    for (std::size_t i = first; i < out.rows(); ++i) {
      double* x = out.row(i);
      for (std::size_t j = 0; j < out.cols(); ++j) {
        x[j] += scale[j] * random.normal();
      }
    }
  }

  std::vector<double> noise_scale(const shoal::Dataset& train,
                                  const std::vector<std::size_t>& rows) const {
    double d = static_cast<double>(train.cols());
    double n = static_cast<double>(train.rows());
    double bandwidth = std::pow(4.0 / ((d + 2.0) * n), 1.0 / (d + 4.0));
    std::vector<double> scale(train.cols());
    for (std::size_t j = 0; j < train.cols(); ++j) {
      double mean = 0;
      for (std::size_t r : rows) mean += train.row(r)[j];
      mean /= static_cast<double>(rows.size());
      double squares = 0;
      for (std::size_t r : rows) {
        double deviation = train.row(r)[j] - mean;
        squares += deviation * deviation;
      }
      double std_j = std::sqrt(squares / static_cast<double>(rows.size()));
      scale[j] = shrinkage_ * bandwidth * std_j;
    }
    return scale;
  }

  nlohmann::json strategy_;
  double shrinkage_ = 0;
};

}  // namespace

SHOAL_STRATEGY_PLUGIN(RandomOversampling, kName,
                      "over-sample by repeating rows drawn at random, "
                      "optionally smoothed",
                      "1.0.0", false)
