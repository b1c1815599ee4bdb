// Tests of track reading and the trajr-equivalent features: hand-computed
// trajectories (straight line, stop-and-go, missing frames, a stationary
// fish), the detection filter, the fishFeatures.csv layout, the tracks CSV
// reader's errors, and `shoal features` on bad input.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "shoal/error.hpp"
#include "shoal/trajectory.hpp"

namespace shoal {
namespace {

namespace fs = std::filesystem;

enum Feature {
  kMeanSpeed,
  kSdSpeed,
  kMinSpeed,
  kMaxSpeed,
  kMeanAcc,
  kSdAcc,
  kMinAcc,
  kMaxAcc
};

/// Detections whose box centre is (cx[i], cy[i]): 2 x 2 boxes, so the
/// top-left corner is one pixel up and left of the centre.
std::vector<Detection> centred(const std::vector<std::int64_t>& frames,
                               const std::vector<double>& cx,
                               const std::vector<double>& cy) {
  std::vector<Detection> out;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    out.push_back({frames[i], cx[i] - 1, cy[i] - 1, 2, 2});
  }
  return out;
}

std::vector<std::int64_t> frames_from(std::int64_t first, std::size_t n) {
  std::vector<std::int64_t> frames(n);
  for (std::size_t i = 0; i < n; ++i) {
    frames[i] = first + static_cast<std::int64_t>(i);
  }
  return frames;
}

Track make_track(std::string id, std::string label, std::size_t detections,
                 std::int64_t step = 1) {
  Track track{std::move(id), std::move(label), {}};
  for (std::size_t i = 0; i < detections; ++i) {
    const auto k = static_cast<double>(i);
    track.detections.push_back(
        {static_cast<std::int64_t>(i) * step, 10 + 2 * k, 20 + k * k, 8, 6});
  }
  return track;
}

/// The InputError message `call` throws, or "" when it throws none.
template <typename F>
std::string input_error(F call) {
  try {
    call();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() /
         ("shoal_test_trajectory_" + std::to_string(::getpid()) + "_" + name);
}

TEST(TrackFeatures, StraightLineAtConstantSpeedHasNoAcceleration) {
  // The centre moves (3, 4) a frame: 5 pixels a frame by Pythagoras, the
  // same every step, so the change of speed is 0 throughout.
  std::vector<double> cx, cy;
  for (int k = 0; k < 12; ++k) {
    cx.push_back(40 + 3 * k);
    cy.push_back(30 + 4 * k);
  }
  TrackFeatures f = track_features(centred(frames_from(100, 12), cx, cy));
  EXPECT_DOUBLE_EQ(f[kMeanSpeed], 5.0);
  EXPECT_EQ(f[kSdSpeed], 0.0);
  EXPECT_EQ(f[kMinSpeed], 5.0);
  EXPECT_EQ(f[kMaxSpeed], 5.0);
  EXPECT_EQ(f[kMeanAcc], 0.0);
  EXPECT_EQ(f[kSdAcc], 0.0);
  EXPECT_EQ(f[kMinAcc], 0.0);
  EXPECT_EQ(f[kMaxAcc], 0.0);
}

TEST(TrackFeatures, StopAndGoMatchesHandComputation) {
  // Centres x = 0, 2, 4, 4, 4, 8: speeds 2, 2, 0, 0, 4 and changes of
  // speed 0, -2, 0, 4. By hand: speed mean 8/5, sample variance
  // (0.16 + 0.16 + 2.56 + 2.56 + 5.76) / 4 = 2.8; change mean 2/4, sample
  // variance (0.25 + 6.25 + 0.25 + 12.25) / 3 = 19/3.
  TrackFeatures f = track_features(
      centred(frames_from(0, 6), {0, 2, 4, 4, 4, 8}, {5, 5, 5, 5, 5, 5}));
  EXPECT_DOUBLE_EQ(f[kMeanSpeed], 1.6);
  EXPECT_DOUBLE_EQ(f[kSdSpeed], std::sqrt(2.8));
  EXPECT_EQ(f[kMinSpeed], 0.0);
  EXPECT_EQ(f[kMaxSpeed], 4.0);
  EXPECT_DOUBLE_EQ(f[kMeanAcc], 0.5);
  EXPECT_DOUBLE_EQ(f[kSdAcc], std::sqrt(19.0 / 3.0));
  EXPECT_EQ(f[kMinAcc], -2.0);
  EXPECT_EQ(f[kMaxAcc], 4.0);
}

TEST(TrackFeatures, MissingFramesAreInterpolatedOnTheFrameGrid) {
  // Frames 0, 1, 4, 5 at x = 0, 1, 7, 8: TrajResampleTime fills frames 2
  // and 3 on the line from x = 1 to x = 7 (x = 3, 5), so the grid has 6
  // points and speeds 1, 2, 2, 2, 1 (mean 1.6, sample variance 1.2 / 4);
  // changes of speed 1, 0, 0, -1 (mean 0, sample variance 2 / 3).
  TrackFeatures f =
      track_features(centred({0, 1, 4, 5}, {0, 1, 7, 8}, {9, 9, 9, 9}));
  EXPECT_DOUBLE_EQ(f[kMeanSpeed], 1.6);
  EXPECT_DOUBLE_EQ(f[kSdSpeed], std::sqrt(0.3));
  EXPECT_EQ(f[kMinSpeed], 1.0);
  EXPECT_EQ(f[kMaxSpeed], 2.0);
  EXPECT_DOUBLE_EQ(f[kMeanAcc], 0.0);
  EXPECT_DOUBLE_EQ(f[kSdAcc], std::sqrt(2.0 / 3.0));
  EXPECT_EQ(f[kMinAcc], -1.0);
  EXPECT_EQ(f[kMaxAcc], 1.0);
}

TEST(TrackFeatures, GapsSplitTheStepEvenlyInBothCoordinates) {
  // A 3-frame gap from centre (0, 0) to (3, 6) puts grid points at thirds
  // of the way: each step is (1, 2), speed sqrt(5); then a frame-by-frame
  // step of (0, 1) and one of (0, 2).
  TrackFeatures f =
      track_features(centred({7, 10, 11, 12}, {0, 3, 3, 3}, {0, 6, 7, 9}));
  const double s = std::sqrt(5.0);
  EXPECT_DOUBLE_EQ(f[kMeanSpeed], (3 * s + 1 + 2) / 5);
  EXPECT_DOUBLE_EQ(f[kMaxSpeed], s);
  EXPECT_EQ(f[kMinSpeed], 1.0);
  EXPECT_DOUBLE_EQ(f[kMinAcc], 1 - s);
  EXPECT_DOUBLE_EQ(f[kMaxAcc], 1.0);
}

TEST(TrackFeatures, StationaryFishHasZeroEverywhere) {
  // The same box every frame: every speed and change of speed is 0, so the
  // standard deviations are exactly 0 (not NaN).
  std::vector<Detection> detections;
  for (std::int64_t k = 0; k < 15; ++k) {
    detections.push_back({k, 101, 57, 23, 17});
  }
  TrackFeatures f = track_features(detections);
  for (std::size_t i = 0; i < kTrackFeatureCount; ++i) {
    EXPECT_EQ(f[i], 0.0) << track_feature_names()[i];
  }
}

TEST(TrackFeatures, PointIsTheBoxCentreNotItsCorner) {
  // The top-left corner stays put while the box widens by 2 pixels a
  // frame: the centre moves 1 pixel a frame.
  std::vector<Detection> detections;
  for (std::int64_t k = 0; k < 6; ++k) {
    detections.push_back({k, 50, 50, 10.0 + 2.0 * static_cast<double>(k), 8});
  }
  TrackFeatures f = track_features(detections);
  EXPECT_DOUBLE_EQ(f[kMeanSpeed], 1.0);
  EXPECT_EQ(f[kSdSpeed], 0.0);
}

TEST(TrackFeatures, RefusesTracksTooShortForEveryFeature) {
  EXPECT_EQ(
      input_error([] { track_features(make_track("a", "x", 3).detections); }),
      "a track needs at least 4 detections for its features, this one "
      "has 3");
  EXPECT_NO_THROW(track_features(make_track("a", "x", 4).detections));
}

TEST(FeatureNames, FollowTheStudysColumns) {
  const std::array<std::string, 8> expected{
      "f.meanSpeed", "f.sdSpeed", "f.minSpeed", "f.maxSpeed",
      "f.meanAcc",   "f.sdAcc",   "f.minAcc",   "f.maxAcc"};
  EXPECT_EQ(track_feature_names(), expected);
}

TEST(ExtractFeatures, SkipsTracksWithFewerThanTenDetections) {
  // The study's filter counts detections (length(frame_number) < 10), not
  // the frames a track spans: 9 detections over 17 frames is still out.
  std::vector<Track> tracks{
      make_track("t1", "normal", 9), make_track("t2", "normal", 10),
      make_track("t3", "abnormal", 9, 2), make_track("t4", "abnormal", 11)};
  auto rows = extract_features(tracks);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "id2");
  EXPECT_EQ(rows[0].label, "normal");
  EXPECT_EQ(rows[1].id, "id4");
  EXPECT_EQ(rows[1].label, "abnormal");
  EXPECT_EQ(rows[1].values, track_features(tracks[3].detections));
}

TEST(ExtractFeatures, FilterIsConfigurableDownToFour) {
  std::vector<Track> tracks{make_track("a", "normal", 4),
                            make_track("b", "normal", 9)};
  EXPECT_EQ(extract_features(tracks, {4}).size(), 2u);
  EXPECT_EQ(extract_features(tracks, {5}).size(), 1u);
  EXPECT_EQ(input_error([&] { extract_features(tracks, {3}); }),
            "the detection filter must keep tracks of at least 4 detections "
            "(so every feature is defined), not 3");
}

TEST(FishFeaturesCsv, UsesTheStudysLayoutAndFifteenDigits) {
  FeatureRow row;
  row.id = "id7";
  row.label = "abnormal";
  row.values = {1.6, std::sqrt(2.8),        0,  4,
                0.5, std::sqrt(19.0 / 3.0), -2, -0.0};
  EXPECT_EQ(
      format_fish_features({row}),
      "id,label,f.meanSpeed,f.sdSpeed,f.minSpeed,f.maxSpeed,f.meanAcc,"
      "f.sdAcc,f.minAcc,f.maxAcc\n"
      "id7,abnormal,1.6,1.67332005306815,0,4,0.5,2.51661147842358,-2,0\n");
}

TEST(TracksCsv, RoundTripsEveryValue) {
  std::vector<Track> tracks{make_track("7", "normal", 5),
                            make_track("fish-2", "abnormal", 4, 3)};
  tracks[0].detections[1].x = 0.1 + 0.2;  // not a short decimal
  auto back = parse_tracks_csv(format_tracks_csv(tracks), "mem.csv");
  ASSERT_EQ(back.size(), 2u);
  for (std::size_t t = 0; t < 2; ++t) {
    EXPECT_EQ(back[t].id, tracks[t].id);
    EXPECT_EQ(back[t].label, tracks[t].label);
    ASSERT_EQ(back[t].detections.size(), tracks[t].detections.size());
    for (std::size_t i = 0; i < back[t].detections.size(); ++i) {
      const Detection& a = back[t].detections[i];
      const Detection& b = tracks[t].detections[i];
      EXPECT_EQ(a.frame, b.frame);
      EXPECT_EQ(a.x, b.x);
      EXPECT_EQ(a.y, b.y);
      EXPECT_EQ(a.w, b.w);
      EXPECT_EQ(a.h, b.h);
    }
  }
}

TEST(TracksCsv, GroupsInterleavedRowsInOrderOfFirstAppearance) {
  // Tracker output is often ordered by frame; columns may come in any
  // order, with extra ones, quotes, CRLF and a byte-order mark.
  const std::string text =
      "\xEF\xBB\xBF"
      "frame,x,y,w,h,\"label\",track_id,score\r\n"
      "5,1,1,2,2,abnormal,B,0.9\r\n"
      "5,9,9,2,2,normal,A,0.8\r\n"
      "6,2,1,2,2,\"abnormal\",B,0.9\r\n"
      "\r\n"
      "7,9,8,2,2,normal,A,0.7\r\n";
  auto tracks = parse_tracks_csv(text, "mixed.csv");
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0].id, "B");
  EXPECT_EQ(tracks[0].label, "abnormal");
  EXPECT_EQ(tracks[0].detections.size(), 2u);
  EXPECT_EQ(tracks[1].id, "A");
  EXPECT_EQ(tracks[1].detections[1].frame, 7);
  EXPECT_EQ(tracks[1].detections[1].y, 8.0);
}

const char* const kHeader = "track_id,label,frame,x,y,w,h\n";

std::string parse_error(const std::string& body) {
  return input_error([&] { parse_tracks_csv(kHeader + body, "t.csv"); });
}

TEST(TracksCsv, NamesTrackAndLineOfUnsortedFrames) {
  EXPECT_EQ(parse_error("7,normal,10,1,1,2,2\n"
                        "7,normal,12,1,1,2,2\n"
                        "7,normal,11,1,1,2,2\n"),
            "t.csv:4: track '7': frame 11 comes after frame 12 (frames must "
            "increase within a track)");
}

TEST(TracksCsv, NamesTrackAndLineOfDuplicateFrames) {
  EXPECT_EQ(parse_error("3,normal,10,1,1,2,2\n"
                        "4,normal,10,1,1,2,2\n"
                        "3,normal,10,5,1,2,2\n"),
            "t.csv:4: track '3': frame 10 appears twice (one detection per "
            "frame)");
}

TEST(TracksCsv, RefusesZeroOrNegativeBoxSizes) {
  EXPECT_EQ(parse_error("1,normal,10,1,1,0,2\n"),
            "t.csv:2: track '1': box width w = 0 must be positive");
  EXPECT_EQ(parse_error("1,normal,10,1,1,2,2\n1,normal,11,1,1,2,-3\n"),
            "t.csv:3: track '1': box height h = -3 must be positive");
}

TEST(TracksCsv, RefusesNanAndInfinity) {
  EXPECT_EQ(parse_error("1,normal,10,nan,1,2,2\n"),
            "t.csv:2: track '1': x = nan is not a finite number");
  EXPECT_EQ(parse_error("1,normal,10,1,inf,2,2\n"),
            "t.csv:2: track '1': y = inf is not a finite number");
}

TEST(TracksCsv, RefusesATrackSpanningMoreThanTenMillionFrames) {
  // Resampling keeps a value per frame; a corrupt frame number must not
  // make it allocate gigabytes.
  EXPECT_EQ(parse_error("1,normal,-5,1,1,2,2\n"
                        "1,normal,9999995,1,1,2,2\n"
                        "1,normal,9999996,1,1,2,2\n"),
            "t.csv:4: track '1': frame 9999996 is more than 10000000 frames "
            "after the first, -5");
}

TEST(TracksCsv, RefusesALabelThatChangesWithinATrack) {
  EXPECT_EQ(parse_error("9,normal,1,1,1,2,2\n"
                        "8,abnormal,1,1,1,2,2\n"
                        "9,abnormal,2,1,1,2,2\n"),
            "t.csv:4: track '9': label 'abnormal' differs from 'normal' on "
            "line 2 (a track has one label)");
}

TEST(TracksCsv, RefusesMalformedRows) {
  EXPECT_EQ(input_error([] {
              parse_tracks_csv("track_id,label,frame,x,y,w\n", "t.csv");
            }),
            "t.csv:1: missing column 'h' (a tracks CSV has the columns "
            "track_id,label,frame,x,y,w,h)");
  EXPECT_EQ(parse_error("1,normal,10,1,1,2\n"),
            "t.csv:2: row has 6 fields, the header has 7");
  EXPECT_EQ(parse_error("1,normal,10.5,1,1,2,2\n"),
            "t.csv:2: column 'frame': '10.5' is not a whole frame number");
  EXPECT_EQ(parse_error("1,normal,10,1,1,2,2x\n"),
            "t.csv:2: column 'h': '2x' is not a number");
  EXPECT_EQ(parse_error(",normal,10,1,1,2,2\n"), "t.csv:2: empty track_id");
  EXPECT_EQ(parse_error(""), "t.csv: no detections after the header");
  EXPECT_EQ(input_error([] { parse_tracks_csv("", "t.csv"); }),
            "t.csv:1: empty file (expected the header "
            "track_id,label,frame,x,y,w,h)");
}

TEST(TracksCsv, RefusesGzipWithAHint) {
  const fs::path path = temp_path("tracks.csv.gz");
  std::ofstream(path, std::ios::binary) << "\x1f\x8b\x08rest";
  EXPECT_EQ(
      input_error([&] { read_tracks(path); }),
      path.string() + ": gzip-compressed; decompress it first (gunzip -k)");
  fs::remove(path);
}

TEST(CheckTrack, UsesThePlaceGivenForTheBadDetection) {
  Track track = make_track("5", "normal", 4);
  track.detections[2].frame = track.detections[1].frame;
  EXPECT_EQ(input_error([&] {
              check_track(track, [](std::size_t i) {
                return "detection " + std::to_string(i) + ": ";
              });
            }),
            "detection 2: track '5': frame 1 appears twice (one detection "
            "per frame)");
}

/// Runs the shoal program with `arguments`; returns its exit code.
int run_shoal(const std::string& arguments) {
  const std::string command =
      std::string("\"") + SHOAL_EXE + "\" " + arguments + " 2>/dev/null";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(FeaturesCommand, BadInputExitsTwoAndWritesNothing) {
  const fs::path input = temp_path("bad_tracks.csv");
  const fs::path output = temp_path("bad_features.csv");
  std::string text = kHeader;
  for (int k = 0; k < 12; ++k) {
    text += "1,normal," + std::to_string(k) + ",1,1,2,2\n";
  }
  text += "2,normal,0,1,1,2,2\n2,normal,0,1,1,2,2\n";  // a duplicate frame
  std::ofstream(input) << text;
  fs::remove(output);
  EXPECT_EQ(run_shoal("features \"" + input.string() + "\" -o \"" +
                      output.string() + "\""),
            2);
  EXPECT_FALSE(fs::exists(output));
  fs::remove(input);
}

TEST(FeaturesCommand, WritesTheRowsOfGoodInput) {
  const fs::path input = temp_path("good_tracks.csv");
  const fs::path output = temp_path("good_features.csv");
  std::vector<Track> tracks{make_track("1", "normal", 12),
                            make_track("2", "abnormal", 3)};
  write_tracks_csv(input, tracks);
  ASSERT_EQ(run_shoal("features \"" + input.string() + "\" -o \"" +
                      output.string() + "\""),
            0);
  std::ifstream in(output);
  std::string written((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
  EXPECT_EQ(written, format_fish_features(extract_features(tracks)));
  fs::remove(input);
  fs::remove(output);
}

}  // namespace
}  // namespace shoal
