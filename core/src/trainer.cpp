// Training with tiny-dnn. This is the only file that includes tiny-dnn: its
// headers are heavy, and keeping them here keeps the rest of shoal quick to
// build.

#include "shoal/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <tiny_dnn/tiny_dnn.h>

#include "shoal/error.hpp"

namespace shoal {

namespace {

using Net = tiny_dnn::network<tiny_dnn::sequential>;
using tiny_dnn::vec_t;

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
  net.init_weight();  // allocates the tables; the values are replaced below
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
EpochRecord score(const Mlp& mlp, const std::vector<vec_t>& inputs,
                  const Dataset& train, std::size_t epoch) {
  EpochRecord record;
  record.epoch = epoch;
  double loss = 0;
  std::size_t correct = 0;
  std::vector<float> x(train.cols());
  for (std::size_t i = 0; i < train.rows(); ++i) {
    std::copy(inputs[i].begin(), inputs[i].end(), x.begin());
    auto p = mlp.probabilities(x.data());
    auto label = static_cast<std::size_t>(train.labels[i]);
    loss -= train.weights[i] * std::log(std::max(p[label], 1e-7f));
    auto best = std::max_element(p.begin(), p.end()) - p.begin();
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

  std::vector<vec_t> inputs(train.rows());
  std::vector<vec_t> targets(train.rows(), vec_t(classes, 0));
  std::vector<vec_t> costs;
  bool weighted = std::any_of(train.weights.begin(), train.weights.end(),
                              [](double w) { return w != 1.0; });
  for (std::size_t i = 0; i < train.rows(); ++i) {
    inputs[i].assign(train.row(i), train.row(i) + train.cols());
    targets[i][static_cast<std::size_t>(train.labels[i])] = 1;
    if (weighted) {
      costs.emplace_back(classes, static_cast<float>(train.weights[i]));
    }
  }

  tiny_dnn::gradient_descent sgd;
  sgd.alpha = static_cast<tiny_dnn::float_t>(options.learning_rate);
  std::vector<std::size_t> order(train.rows());
  std::iota(order.begin(), order.end(), 0);
  std::vector<vec_t> epoch_inputs(train.rows()), epoch_targets(train.rows());
  std::vector<vec_t> epoch_costs(weighted ? train.rows() : 0);

  TrainedNetwork result;
  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    // tiny-dnn's fit() walks the rows in the order given: shuffle here.
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t i = 0; i < order.size(); ++i) {
      epoch_inputs[i] = inputs[order[i]];
      epoch_targets[i] = targets[order[i]];
      if (weighted) epoch_costs[i] = costs[order[i]];
    }
    net.fit<tiny_dnn::cross_entropy_multiclass>(
        sgd, epoch_inputs, epoch_targets, options.batch_size, 1, [] {}, [] {},
        false, 1, epoch_costs);
    result.network = extract(net);
    result.history.push_back(score(result.network, inputs, train, epoch));
  }
  return result;
}

}  // namespace shoal
