// `shoal simulate`: write simulated fish tracks of the Fish4Knowledge reef
// scene, to run shoal on without the real data.

#include <iostream>

#include "command.hpp"
#include "shoal/simulator.hpp"

namespace {

struct SimulateOptions {
  shoal::SimulatorOptions simulator;
  std::string output;
};

int simulate(const SimulateOptions& options) {
  const auto tracks = shoal::simulate_tracks(options.simulator);
  shoal::write_tracks_csv(options.output, tracks);

  std::size_t detections = 0;
  for (const auto& track : tracks) detections += track.detections.size();
  std::cerr << "shoal: wrote " << tracks.size() << " tracks ("
            << shoal::abnormal_track_count(options.simulator) << " abnormal), "
            << detections << " detections to " << options.output << '\n';
  return 0;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<SimulateOptions>();
  auto& simulator = options->simulator;
  command
      .add_option("--tracks", simulator.tracks,
                  "number of tracks (default: 3102, as Fish4Knowledge)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
  command
      .add_option("--abnormal-fraction", simulator.abnormal_fraction,
                  "share of abnormal tracks (default: 59/3102)")
      ->check(CLI::Range(0.0, 1.0));
  command.add_option("--seed", simulator.seed,
                     "random seed; the same seed gives the same file "
                     "(default: 1)");
  command.add_option("-o,--output", options->output, "tracks CSV to write")
      ->required();
  command.footer(
      "Simulates a 320x240 camera at 5 frames per second watching\n"
      "Dascyllus-sized fish: normal fish hover and cruise, abnormal ones add\n"
      "short escape bursts, sharp turns and darts; the detector jitters and\n"
      "misses frames. Writes track_id,label,frame,x,y,w,h (boxes in whole\n"
      "pixels). The model is described in docs/SIMULATOR.md.\n\n"
      "Examples:\n"
      "  shoal simulate --seed 7 -o tracks.csv\n"
      "  shoal simulate --tracks 500 --abnormal-fraction 0.1 -o small.csv\n"
      "  shoal features tracks.csv -o features.csv");
  return [options] { return simulate(*options); };
}

}  // namespace

SHOAL_COMMAND(40, "simulate", "simulate fish tracks of the reef scene", setup)
