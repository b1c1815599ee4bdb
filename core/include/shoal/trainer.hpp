#pragma once
/// Training the fish MLP with tiny-dnn.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "shoal/dataset.hpp"
#include "shoal/model.hpp"

namespace shoal {

/// Hyper-parameters of one training run.
struct TrainingOptions {
  std::vector<std::size_t> hidden{16, 8};
  double learning_rate = 0.01;
  std::size_t batch_size = 256;
  std::size_t epochs = 100;
  std::uint64_t seed = 1;
};

/// Training-set loss (weighted mean categorical cross-entropy) and accuracy
/// after each epoch.
struct EpochRecord {
  std::size_t epoch = 0;
  double loss = 0;
  double accuracy = 0;
};

struct TrainedNetwork {
  Mlp network;
  std::vector<EpochRecord> history;
};

/// Trains a dense ReLU network with a softmax output on `train` (already
/// standardised): Glorot-uniform weights and zero biases drawn from `seed`,
/// plain SGD on categorical cross-entropy with each row's weight applied to
/// its loss, rows reshuffled every epoch. Deterministic for a seed, and safe
/// to call from several threads at once (each call owns its network).
TrainedNetwork train_network(const Dataset& train,
                             const TrainingOptions& options);

}  // namespace shoal
