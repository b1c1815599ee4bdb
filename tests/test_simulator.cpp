// Tests of the reef-scene simulator: determinism for a seed, the requested
// class counts, tracks that pass the reader's rules and look like the
// Fish4Knowledge download after the 10-detection filter, and the bundled
// data files being exactly what the commands in data/README.md produce.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "shoal/error.hpp"
#include "shoal/simulator.hpp"
#include "shoal/trajectory.hpp"

namespace shoal {
namespace {

namespace fs = std::filesystem;

std::size_t count_label(const std::vector<Track>& tracks,
                        const std::string& label) {
  std::size_t n = 0;
  for (const Track& track : tracks) n += track.label == label;
  return n;
}

SimulatorOptions small(std::uint64_t seed) {
  SimulatorOptions options;
  options.tracks = 300;
  options.abnormal_fraction = 0.1;
  options.seed = seed;
  return options;
}

TEST(Simulator, SameSeedGivesTheSameTracks) {
  EXPECT_EQ(format_tracks_csv(simulate_tracks(small(5))),
            format_tracks_csv(simulate_tracks(small(5))));
}

TEST(Simulator, DifferentSeedsGiveDifferentTracks) {
  EXPECT_NE(format_tracks_csv(simulate_tracks(small(5))),
            format_tracks_csv(simulate_tracks(small(6))));
}

TEST(Simulator, AFishDoesNotDependOnHowManyOthersThereAre) {
  // Each fish draws from its own stream; only the abnormal positions move.
  SimulatorOptions few = small(3), many = small(3);
  few.abnormal_fraction = many.abnormal_fraction = 0;
  many.tracks = 2 * few.tracks;
  const auto a = simulate_tracks(few), b = simulate_tracks(many);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].detections.size(), b[i].detections.size()) << i;
    EXPECT_EQ(a[i].detections.back().x, b[i].detections.back().x) << i;
  }
}

TEST(Simulator, ClassCountsMatchTheRequest) {
  for (auto [tracks, fraction, abnormal] :
       {std::tuple<std::size_t, double, std::size_t>{300, 0.1, 30},
        {101, 0.5, 51},  // 50.5 rounds away from zero
        {40, 0.0, 0},
        {40, 1.0, 40}}) {
    SimulatorOptions options;
    options.tracks = tracks;
    options.abnormal_fraction = fraction;
    const auto simulated = simulate_tracks(options);
    EXPECT_EQ(abnormal_track_count(options), abnormal);
    ASSERT_EQ(simulated.size(), tracks);
    EXPECT_EQ(count_label(simulated, "abnormal"), abnormal);
    EXPECT_EQ(count_label(simulated, "normal"), tracks - abnormal);
  }
}

TEST(Simulator, DefaultsMirrorFish4Knowledge) {
  // 3102 tracks, 3043 normal and 59 abnormal, as the dataset page counts.
  const auto tracks = simulate_tracks(SimulatorOptions{});
  ASSERT_EQ(tracks.size(), 3102u);
  EXPECT_EQ(count_label(tracks, "abnormal"), 59u);

  // After the study's 10-detection filter the study had about 1150 rows,
  // about 5% of them abnormal.
  const auto rows = extract_features(tracks);
  std::size_t abnormal_rows = 0;
  for (const auto& row : rows) abnormal_rows += row.label == "abnormal";
  EXPECT_GT(rows.size(), 1080u);
  EXPECT_LT(rows.size(), 1220u);
  const double share = static_cast<double>(abnormal_rows) / rows.size();
  EXPECT_GT(share, 0.04);
  EXPECT_LT(share, 0.06);
}

TEST(Simulator, TracksPassTheReadersRulesAndStayInTheScene) {
  const auto tracks = simulate_tracks(small(9));
  std::size_t short_tracks = 0, gaps = 0;
  for (const Track& track : tracks) {
    check_track(track, [](std::size_t) { return std::string(); });
    if (track.detections.size() < 10) ++short_tracks;
    for (std::size_t i = 0; i < track.detections.size(); ++i) {
      const Detection& d = track.detections[i];
      EXPECT_GE(d.x, 0);
      EXPECT_GE(d.y, 0);
      EXPECT_LE(d.x + d.w, 320);
      EXPECT_LE(d.y + d.h, 240);
      if (i > 0 && d.frame > track.detections[i - 1].frame + 1) ++gaps;
    }
  }
  // The issue asks for tracks under 10 detections and missed frames.
  EXPECT_GT(short_tracks, 30u);
  EXPECT_GT(gaps, 30u);
}

TEST(Simulator, AbnormalTracksMoveFasterThanNormalOnesOnAverage) {
  // Not a calibration check (docs/SIMULATOR.md has that), only that the
  // escape bursts reach the features: the median maximum speed of abnormal
  // rows is well above that of normal rows.
  SimulatorOptions options;
  options.tracks = 1000;
  options.abnormal_fraction = 0.2;
  const auto rows = extract_features(simulate_tracks(options));
  std::vector<double> normal, abnormal;
  for (const auto& row : rows) {
    (row.label == "abnormal" ? abnormal : normal).push_back(row.values[3]);
  }
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  EXPECT_GT(median(abnormal), 1.5 * median(normal));
}

TEST(Simulator, RefusesImpossibleRequests) {
  SimulatorOptions none;
  none.tracks = 0;
  EXPECT_THROW(simulate_tracks(none), InputError);
  SimulatorOptions too_many;
  too_many.abnormal_fraction = 1.5;
  EXPECT_THROW(simulate_tracks(too_many), InputError);
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

int run_shoal(const std::string& arguments) {
  const std::string command =
      std::string("\"") + SHOAL_EXE + "\" " + arguments + " 2>/dev/null";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(BundledData, CommandsInTheReadmeReproduceTheFilesByteForByte) {
  // Keep in step with data/README.md.
  const fs::path data = fs::path(SHOAL_SOURCE_DIR) / "data";
  const fs::path folder = fs::temp_directory_path() /
                          ("shoal_test_bundled_" + std::to_string(::getpid()));
  fs::create_directories(folder);
  const fs::path tracks = folder / "fish_sim_tracks.csv";
  const fs::path features = folder / "fish_sim_features.csv";
  ASSERT_EQ(run_shoal("simulate --seed 1 -o \"" + tracks.string() + "\""), 0);
  ASSERT_EQ(run_shoal("features \"" + tracks.string() + "\" -o \"" +
                      features.string() + "\""),
            0);
  EXPECT_TRUE(slurp(tracks) == slurp(data / "fish_sim_tracks.csv"))
      << "data/fish_sim_tracks.csv differs from a fresh simulation";
  EXPECT_TRUE(slurp(features) == slurp(data / "fish_sim_features.csv"))
      << "data/fish_sim_features.csv differs from fresh features";
  fs::remove_all(folder);
}

}  // namespace
}  // namespace shoal
