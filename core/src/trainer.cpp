// Training with tiny-dnn. This is the only file that includes tiny-dnn: its
// headers are heavy, and keeping them here keeps the rest of shoal quick to
// build.

#include "shoal/trainer.hpp"

#include <tiny_dnn/tiny_dnn.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "shoal/error.hpp"

namespace shoal {

namespace {

using Net = tiny_dnn::network<tiny_dnn::sequential>;
using Loss = tiny_dnn::cross_entropy_multiclass;
using tiny_dnn::vec_t;

/// The per-batch and per-epoch callbacks tiny-dnn's fit() asks for.
struct Nop {
  void operator()() const {}
};

/// Dense ReLU layers of the given widths and a softmax output layer.
void build(Net& net, std::size_t inputs, const std::vector<std::size_t>& hidden,
           std::size_t outputs) {
  using tiny_dnn::fully_connected_layer;
  namespace act = tiny_dnn::activation;
  std::size_t width = inputs;
  for (std::size_t units : hidden) {
    net << fully_connected_layer<act::relu>(width, units);
    width = units;
  }
  net << fully_connected_layer<act::softmax>(width, outputs);
}

/// Glorot-uniform weights (Keras' default) and zero biases from our own
/// generator: tiny-dnn's initialiser draws from one process-wide generator,
/// which would make runs on parallel threads depend on each other.
void initialise(Net& net, std::mt19937_64& rng) {
  // init_weight() allocates the tables. Its default weight initialiser
  // (Xavier) draws from tiny-dnn's shared generator, which parallel runs
  // would touch at once; a constant one draws nothing (biases are constant
  // already). The values are replaced below.
  net.weight_init(tiny_dnn::weight_init::constant(0));
  net.init_weight();
  for (std::size_t k = 0; k < net.depth(); ++k) {
    auto tables = net[k]->weights();
    vec_t& w = *tables[0];
    std::size_t fan_in = net[k]->in_data_size();
    std::size_t fan_out = net[k]->out_data_size();
    double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
    std::uniform_real_distribution<double> uniform(-limit, limit);
    for (auto& v : w) v = static_cast<tiny_dnn::float_t>(uniform(rng));
    if (tables.size() > 1) std::fill(tables[1]->begin(), tables[1]->end(), 0);
  }
}

/// Copies tiny-dnn's tables (W[in * outputs + out]) into shoal's layout
/// (weights[out * inputs + in]).
Mlp extract(Net& net) {
  Mlp mlp;
  for (std::size_t k = 0; k < net.depth(); ++k) {
    auto tables = net[k]->weights();
    DenseLayer layer;
    layer.inputs = net[k]->in_data_size();
    layer.outputs = net[k]->out_data_size();
    layer.relu = k + 1 < net.depth();
    layer.weights.resize(layer.inputs * layer.outputs);
    for (std::size_t i = 0; i < layer.inputs; ++i) {
      for (std::size_t o = 0; o < layer.outputs; ++o) {
        layer.weights[o * layer.inputs + i] =
            static_cast<float>((*tables[0])[i * layer.outputs + o]);
      }
    }
    layer.bias.assign(tables[1]->begin(), tables[1]->end());
    mlp.layers.push_back(std::move(layer));
  }
  return mlp;
}

/// Weighted mean cross-entropy (sum of weight x loss over rows, divided by
/// the row count, as Keras reports with sample weights) and accuracy.
EpochRecord score(const Mlp& mlp, const std::vector<float>& rows,
                  const Dataset& train, std::size_t epoch) {
  EpochRecord record;
  record.epoch = epoch;
  const std::size_t classes = mlp.outputs();
  std::vector<float> p = mlp.probabilities_of_rows(rows.data(), train.rows());
  double loss = 0;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < train.rows(); ++i) {
    const float* row = &p[i * classes];
    auto label = static_cast<std::size_t>(train.labels[i]);
    loss -= train.weights[i] * std::log(std::max(row[label], 1e-7f));
    auto best = std::max_element(row, row + classes) - row;
    if (static_cast<std::size_t>(best) == label) ++correct;
  }
  double n = static_cast<double>(std::max<std::size_t>(train.rows(), 1));
  record.loss = loss / n;
  record.accuracy = static_cast<double>(correct) / n;
  return record;
}

}  // namespace

TrainedNetwork train_network(const Dataset& train,
                             const TrainingOptions& options) {
  if (train.rows() == 0) throw RunError("cannot train on an empty data set");
  const std::size_t classes = train.class_names.size();
  Net net;
  build(net, train.cols(), options.hidden, classes);
  std::mt19937_64 rng(options.seed);
  initialise(net, rng);

  // One tensor (a list of one vec_t) per row, the form tiny-dnn trains on.
  std::vector<tiny_dnn::tensor_t> inputs(train.rows());
  std::vector<tiny_dnn::tensor_t> targets(train.rows());
  std::vector<tiny_dnn::tensor_t> costs;
  bool weighted = std::any_of(train.weights.begin(), train.weights.end(),
                              [](double w) { return w != 1.0; });
  for (std::size_t i = 0; i < train.rows(); ++i) {
    inputs[i].emplace_back(train.row(i), train.row(i) + train.cols());
    targets[i].emplace_back(classes, 0);
    targets[i][0][static_cast<std::size_t>(train.labels[i])] = 1;
    if (weighted) {
      costs.emplace_back(1,
                         vec_t(classes, static_cast<float>(train.weights[i])));
    }
  }

  // The training rows in float, in their original order, for scoring.
  std::vector<float> rows(train.features.begin(), train.features.end());

  tiny_dnn::gradient_descent sgd;
  sgd.alpha = static_cast<tiny_dnn::float_t>(options.learning_rate);
  TrainedNetwork result;
  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    // tiny-dnn's fit() walks the rows in the order given, so shuffle here:
    // Fisher-Yates, swapping rows of every table together (a swap of two
    // vectors moves no data).
    for (std::size_t i = train.rows() - 1; i > 0; --i) {
      std::uniform_int_distribution<std::size_t> pick(0, i);
      std::size_t j = pick(rng);
      std::swap(inputs[i], inputs[j]);
      std::swap(targets[i], targets[j]);
      if (weighted) std::swap(costs[i], costs[j]);
    }
    net.fit<Loss, tiny_dnn::gradient_descent, Nop, Nop, tiny_dnn::tensor_t,
            tiny_dnn::tensor_t>(sgd, inputs, targets, options.batch_size, 1,
                                Nop{}, Nop{}, false, 1, costs);
    result.network = extract(net);
    result.history.push_back(score(result.network, rows, train, epoch));
  }
  return result;
}

}  // namespace shoal
