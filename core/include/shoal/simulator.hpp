#pragma once
/// A behavioural model of the Fish4Knowledge reef scene that produces fish
/// tracks to run shoal on when the real data is not at hand.
///
/// The scene is a fixed 320 x 240 pixel camera at 5 frames per second, as in
/// Fish4Knowledge. Every fish is a Dascyllus-sized box that moves by a
/// correlated random walk switching between hovering and cruising. Abnormal
/// fish behave like normal ones most of the time, with a few short episodes
/// of predator-avoidance bursts, sharp turns and aggressive darts whose
/// strength varies from fish to fish; normal fish sometimes startle and the
/// detector sometimes jumps, so the classes overlap. The detector misses
/// frames and jitters box edges by about a pixel. docs/SIMULATOR.md
/// describes the model and how its defaults were calibrated.
///
/// Output is a pure function of the options: the same seed gives the same
/// tracks, bit for bit, with the same C library (only std::mt19937_64 and
/// this file's own distributions are used; the maths functions come from
/// libm).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "shoal/trajectory.hpp"

namespace shoal {

/// The model's parameters. Speeds are in pixels per frame, times in
/// frames, probabilities per frame unless said otherwise.
struct BehaviourModel {
  // Scene.
  double scene_width = 320;
  double scene_height = 240;
  double margin = 12;  ///< fish turn back this close to the image border

  // Track lengths: frames from the first to the last detection.
  double normal_span_median = 6.3;   ///< log-normal median, plus 2 frames
  double normal_span_sigma = 1.0;    ///< log-normal shape
  double abnormal_span_median = 24;  ///< log-normal median, plus 12 frames
  double abnormal_span_sigma = 0.6;
  double abnormal_short_fraction = 0.04;  ///< abnormal tracks cut short
  std::int64_t max_span = 400;

  // Body and detector.
  double body_length_mean = 26;  ///< pixels
  double body_length_sd = 4;
  double body_depth_ratio = 0.65;       ///< Dascyllus is a deep-bodied fish
  double edge_jitter_sd = 0.8;          ///< pixels, each box edge
  double miss_probability = 0.08;       ///< a single missed detection
  double occlusion_probability = 0.01;  ///< start of a run of misses
  std::int64_t occlusion_max = 6;       ///< longest run of misses
  double glitch_probability = 0.004;    ///< box jumps (merged or partial)
  double glitch_offset_sd = 4;          ///< pixels

  // Normal motion: a correlated random walk with two modes.
  double hover_speed = 0.5;
  double cruise_speed_median = 3.0;  ///< per fish, log-normal
  double cruise_speed_sigma = 0.35;
  double to_cruise_probability = 0.08;
  double to_hover_probability = 0.06;
  double speed_pull = 0.3;  ///< share of the gap to the mode's speed closed
  double speed_noise_sd = 0.3;
  double hover_turn_sd = 0.45;         ///< radians
  double cruise_turn_sd = 0.2;         ///< radians
  double startle_probability = 0.003;  ///< normal fish, a one-frame dart
  double startle_speed_min = 4;
  double startle_speed_max = 9;

  // Abnormal episodes: 1 + Poisson(extra) per abnormal track, each a burst,
  // a sharp turn or a dart, scaled by the fish's intensity in
  // [intensity_min, 1].
  double extra_episodes_mean = 0.7;
  double intensity_min = 0.7;
  double burst_share = 0.5;
  double turn_share = 0.25;  ///< darts take the rest
  double burst_speed_min = 10;
  double burst_speed_max = 22;
  double turn_speed_gain_min = 3;
  double turn_speed_gain_max = 7;
  double dart_speed_min = 6;
  double dart_speed_max = 11;
};

/// What `shoal simulate` asks for.
struct SimulatorOptions {
  std::size_t tracks = 3102;  ///< as in Fish4Knowledge
  /// Share of abnormal tracks; the default gives Fish4Knowledge's 59.
  double abnormal_fraction = 59.0 / 3102.0;
  std::uint64_t seed = 1;
  BehaviourModel model;
};

/// The number of abnormal tracks: abnormal_fraction * tracks rounded to the
/// nearest whole number (halves away from zero).
std::size_t abnormal_track_count(const SimulatorOptions& options);

/// Simulates options.tracks tracks, ids "1", "2", ..., labels "normal" and
/// "abnormal" (exactly abnormal_track_count() of them, at positions drawn
/// from the seed). Every track passes check_track(). Throws InputError for
/// zero tracks or an abnormal fraction outside [0, 1].
std::vector<Track> simulate_tracks(const SimulatorOptions& options);

}  // namespace shoal
