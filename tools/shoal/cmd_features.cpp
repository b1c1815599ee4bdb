// `shoal features`: turn fish tracks into the eight trajr motion features of
// the Fish4Knowledge study (fishFeatures.csv).

#include <iostream>
#include <map>

#include "command.hpp"
#include "shoal/matfile.hpp"
#include "shoal/trajectory.hpp"

namespace {

struct FeaturesOptions {
  std::string input;
  std::string output;
  std::size_t min_detections = 10;
};

int extract(const FeaturesOptions& options) {
  if (shoal::is_mat_v73(options.input)) {
    std::cerr << "shoal: " << options.input
              << " is a MATLAB v7.3 file, which this build's matio reads "
                 "slowly (a quarter of an hour or more for thousands of "
                 "tracks); saved with save(..., '-v7') in MATLAB it reads "
                 "in a second\n";
  }
  const std::vector<shoal::Track> tracks = shoal::read_tracks(options.input);
  shoal::FeatureOptions feature_options;
  feature_options.min_detections = options.min_detections;
  const auto rows = shoal::extract_features(tracks, feature_options);
  shoal::write_fish_features(options.output, rows);

  std::map<std::string, std::size_t> per_label;
  for (const auto& row : rows) ++per_label[row.label];
  std::cerr << "shoal: " << tracks.size() << " tracks, "
            << tracks.size() - rows.size() << " with fewer than "
            << options.min_detections << " detections skipped; wrote "
            << rows.size() << " rows (";
  const char* separator = "";
  for (const auto& [label, count] : per_label) {
    std::cerr << separator << label << ' ' << count;
    separator = ", ";
  }
  if (rows.empty()) std::cerr << "no track was long enough";
  std::cerr << ") to " << options.output << '\n';
  return 0;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<FeaturesOptions>();
  command
      .add_option("input", options->input,
                  "tracks CSV (track_id,label,frame,x,y,w,h) or the "
                  "Fish4Knowledge .mat file")
      ->required();
  command.add_option("-o,--output", options->output, "feature CSV to write")
      ->required();
  command
      .add_option("--min-detections", options->min_detections,
                  "skip tracks with fewer detections (default: 10, as the "
                  "study; at least 4)")
      ->check(CLI::Range(shoal::kMinDetectionsForFeatures,
                         static_cast<std::size_t>(shoal::kMaxTrackSpan)));
  command.footer(
      "For each track: box centres, times in frames from the first\n"
      "detection, positions resampled every frame by linear interpolation,\n"
      "then speed (pixels/frame) and change of speed, as trajr's\n"
      "TrajFromCoords(fps = 1), TrajResampleTime(1) and TrajDerivatives.\n"
      "Writes id,label,f.meanSpeed,f.sdSpeed,f.minSpeed,f.maxSpeed,\n"
      "f.meanAcc,f.sdAcc,f.minAcc,f.maxAcc; ids are id<k>, k the track's\n"
      "position in the input counting skipped tracks. The exact definition\n"
      "is in core/include/shoal/trajectory.hpp.\n\n"
      "Examples:\n"
      "  shoal features data/fish_sim_tracks.csv -o features.csv\n"
      "  shoal features fishDetections_total3102.mat -o fishFeatures.csv");
  return [options] { return extract(*options); };
}

}  // namespace

SHOAL_COMMAND(50, "features",
              "compute the study's motion features from fish tracks", setup)
