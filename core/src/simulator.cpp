#include "shoal/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

#include "shoal/error.hpp"

namespace shoal {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Random draws. The distributions are written out here rather than taken
/// from <random>, whose algorithms differ between standard libraries, so
/// that a seed means the same tracks everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  /// Uniform on [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) {
    return low + (high - low) * uniform();
  }
  /// Uniform on the whole numbers low .. high.
  std::int64_t integer(std::int64_t low, std::int64_t high) {
    const auto width = static_cast<double>(high - low + 1);
    return low + static_cast<std::int64_t>(std::floor(uniform() * width));
  }
  bool chance(double probability) { return uniform() < probability; }
  double sign() { return chance(0.5) ? 1.0 : -1.0; }
  /// Standard normal by the Box-Muller transform, one value per call.
  double normal() {
    const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
    return radius * std::cos(2.0 * kPi * uniform());
  }
  double log_normal(double median, double sigma) {
    return median * std::exp(sigma * normal());
  }
  /// Poisson by Knuth's product of uniforms; fine for small means.
  int poisson(double mean) {
    const double limit = std::exp(-mean);
    int count = 0;
    for (double product = uniform(); product > limit; product *= uniform()) {
      ++count;
    }
    return count;
  }

 private:
  std::mt19937_64 engine_;
};

/// An abnormal episode: a stretch of frames where the fish flees, turns
/// sharply or darts.
struct Episode {
  enum Kind { kBurst, kTurn, kDart } kind = kBurst;
  std::int64_t start = 0;
  std::int64_t length = 1;
  double speed = 0;  ///< burst and dart speed, or the turn's speed gain
  double turn = 0;   ///< heading change at the start, radians
};

/// Where a fish is and how it moves.
struct FishState {
  double x = 0;
  double y = 0;
  double heading = 0;
  double speed = 0;
  bool cruising = false;
  double cruise_speed = 0;
  double body_length = 0;
};

/// Simulates one fish from its own random stream.
class FishSimulator {
 public:
  FishSimulator(const BehaviourModel& model, std::uint64_t seed, bool abnormal)
      : m_(model), random_(seed), abnormal_(abnormal) {}

  Track run(std::string id);

 private:
  std::int64_t draw_span();
  void draw_fish();
  std::vector<Episode> draw_episodes(std::int64_t span);
  std::vector<bool> draw_misses(std::int64_t span);
  void step(std::int64_t t, const std::vector<Episode>& episodes);
  void apply(const Episode& episode, std::int64_t t);
  void keep_inside();
  Detection detect(std::int64_t frame);

  const BehaviourModel& m_;
  Random random_;
  bool abnormal_;
  FishState fish_;
};

std::int64_t FishSimulator::draw_span() {
  std::int64_t span = 0;
  if (abnormal_ && !random_.chance(m_.abnormal_short_fraction)) {
    span = 12 + static_cast<std::int64_t>(std::floor(random_.log_normal(
                    m_.abnormal_span_median, m_.abnormal_span_sigma)));
  } else if (abnormal_) {
    span = random_.integer(3, 10);
  } else {
    span = 2 + static_cast<std::int64_t>(std::floor(random_.log_normal(
                   m_.normal_span_median, m_.normal_span_sigma)));
  }
  return std::min(span, m_.max_span);
}

void FishSimulator::draw_fish() {
  fish_.body_length = std::clamp(
      m_.body_length_mean + m_.body_length_sd * random_.normal(), 14.0, 40.0);
  fish_.cruise_speed =
      random_.log_normal(m_.cruise_speed_median, m_.cruise_speed_sigma);
  const double cruise_share =
      m_.to_cruise_probability /
      (m_.to_cruise_probability + m_.to_hover_probability);
  fish_.cruising = random_.chance(cruise_share);
  fish_.speed = fish_.cruising ? fish_.cruise_speed : m_.hover_speed;
  fish_.heading = random_.uniform(-kPi, kPi);
  fish_.x = random_.uniform(m_.margin, m_.scene_width - m_.margin);
  fish_.y = random_.uniform(m_.margin, m_.scene_height - m_.margin);
}

std::vector<Episode> FishSimulator::draw_episodes(std::int64_t span) {
  std::vector<Episode> episodes;
  if (!abnormal_ || span < 4) return episodes;
  const double intensity = random_.uniform(m_.intensity_min, 1.0);
  const int count = 1 + random_.poisson(m_.extra_episodes_mean);
  for (int e = 0; e < count; ++e) {
    Episode episode;
    episode.start = random_.integer(1, span - 3);
    const double kind = random_.uniform();
    if (kind < m_.burst_share) {
      episode.kind = Episode::kBurst;
      episode.length = random_.integer(1, 3);
      episode.speed =
          intensity * random_.uniform(m_.burst_speed_min, m_.burst_speed_max);
      episode.turn = random_.sign() * random_.uniform(kPi / 2, kPi);
    } else if (kind < m_.burst_share + m_.turn_share) {
      episode.kind = Episode::kTurn;
      episode.speed = intensity * random_.uniform(m_.turn_speed_gain_min,
                                                  m_.turn_speed_gain_max);
      episode.turn = random_.sign() * random_.uniform(0.6 * kPi, kPi);
    } else {
      episode.kind = Episode::kDart;
      episode.length = random_.integer(2, 4);
      episode.speed =
          intensity * random_.uniform(m_.dart_speed_min, m_.dart_speed_max);
    }
    episodes.push_back(episode);
  }
  return episodes;
}

std::vector<bool> FishSimulator::draw_misses(std::int64_t span) {
  // The first and last frames are detections by definition of the span.
  std::vector<bool> missed(static_cast<std::size_t>(span), false);
  std::int64_t occluded = 0;
  for (std::int64_t t = 1; t + 1 < span; ++t) {
    if (occluded == 0 && random_.chance(m_.occlusion_probability)) {
      occluded = random_.integer(2, m_.occlusion_max);
    }
    if (occluded > 0) {
      --occluded;
      missed[static_cast<std::size_t>(t)] = true;
    } else {
      missed[static_cast<std::size_t>(t)] = random_.chance(m_.miss_probability);
    }
  }
  return missed;
}

void FishSimulator::apply(const Episode& episode, std::int64_t t) {
  const bool first = t == episode.start;
  switch (episode.kind) {
    case Episode::kBurst:
      if (first) fish_.heading += episode.turn;
      fish_.speed = episode.speed;
      break;
    case Episode::kTurn:
      fish_.heading += episode.turn;
      fish_.speed += episode.speed;
      break;
    case Episode::kDart:
      fish_.speed = t + 1 < episode.start + episode.length
                        ? episode.speed
                        : m_.hover_speed / 2;  // the dart ends in a halt
      break;
  }
}

void FishSimulator::step(std::int64_t t, const std::vector<Episode>& episodes) {
  const bool switch_mode = random_.chance(
      fish_.cruising ? m_.to_hover_probability : m_.to_cruise_probability);
  if (switch_mode) fish_.cruising = !fish_.cruising;
  const double target = fish_.cruising ? fish_.cruise_speed : m_.hover_speed;
  fish_.speed += m_.speed_pull * (target - fish_.speed) +
                 m_.speed_noise_sd * random_.normal();
  fish_.heading += (fish_.cruising ? m_.cruise_turn_sd : m_.hover_turn_sd) *
                   random_.normal();
  if (random_.chance(m_.startle_probability)) {
    fish_.speed = random_.uniform(m_.startle_speed_min, m_.startle_speed_max);
  }
  for (const Episode& episode : episodes) {
    if (t >= episode.start && t < episode.start + episode.length) {
      apply(episode, t);
    }
  }
  fish_.speed = std::max(fish_.speed, 0.0);
  fish_.x += fish_.speed * std::cos(fish_.heading);
  fish_.y += fish_.speed * std::sin(fish_.heading);
  keep_inside();
}

void FishSimulator::keep_inside() {
  // Reflect off the borders: the reef and the frame edge turn the fish
  // back, and it stays in view for the whole track.
  const double right = m_.scene_width - m_.margin;
  const double bottom = m_.scene_height - m_.margin;
  if (fish_.x < m_.margin || fish_.x > right) {
    fish_.x =
        fish_.x < m_.margin ? 2 * m_.margin - fish_.x : 2 * right - fish_.x;
    fish_.heading = kPi - fish_.heading;
  }
  if (fish_.y < m_.margin || fish_.y > bottom) {
    fish_.y =
        fish_.y < m_.margin ? 2 * m_.margin - fish_.y : 2 * bottom - fish_.y;
    fish_.heading = -fish_.heading;
  }
  fish_.x = std::clamp(fish_.x, m_.margin, right);
  fish_.y = std::clamp(fish_.y, m_.margin, bottom);
}

Detection FishSimulator::detect(std::int64_t frame) {
  // The box around a fish body turned to its heading.
  const double length = fish_.body_length;
  const double depth = m_.body_depth_ratio * length;
  const double c = std::abs(std::cos(fish_.heading));
  const double s = std::abs(std::sin(fish_.heading));
  double w = length * c + depth * s;
  double h = length * s + depth * c;
  double cx = fish_.x;
  double cy = fish_.y;
  if (random_.chance(m_.glitch_probability)) {
    cx += m_.glitch_offset_sd * random_.normal();
    cy += m_.glitch_offset_sd * random_.normal();
    w *= random_.uniform(0.7, 1.4);
    h *= random_.uniform(0.7, 1.4);
  }
  const double jitter = m_.edge_jitter_sd;
  const double left = std::max(0.0, cx - w / 2 + jitter * random_.normal());
  const double top = std::max(0.0, cy - h / 2 + jitter * random_.normal());
  const double right =
      std::min(m_.scene_width, cx + w / 2 + jitter * random_.normal());
  const double bottom =
      std::min(m_.scene_height, cy + h / 2 + jitter * random_.normal());

  // Detectors report whole pixels.
  Detection d;
  d.frame = frame;
  d.x = std::round(left);
  d.y = std::round(top);
  d.w = std::max(std::round(right) - d.x, 2.0);
  d.h = std::max(std::round(bottom) - d.y, 2.0);
  return d;
}

Track FishSimulator::run(std::string id) {
  const std::int64_t span = draw_span();
  const std::int64_t first_frame = random_.integer(0, 3000);
  draw_fish();
  const std::vector<Episode> episodes = draw_episodes(span);
  const std::vector<bool> missed = draw_misses(span);

  Track track;
  track.id = std::move(id);
  track.label = abnormal_ ? "abnormal" : "normal";
  for (std::int64_t t = 0; t < span; ++t) {
    // Draw the detection even when it is missed, so that a miss does not
    // shift the random stream of the frames after it.
    Detection d = detect(first_frame + t);
    if (!missed[static_cast<std::size_t>(t)]) track.detections.push_back(d);
    step(t, episodes);
  }
  return track;
}

/// Which tracks are abnormal: `count` positions out of `tracks`, drawn by a
/// partial Fisher-Yates shuffle from their own stream.
std::vector<bool> abnormal_positions(std::size_t tracks, std::size_t count,
                                     std::uint64_t seed) {
  Random random(splitmix64(seed ^ 0x5ca1ab1e0ddba11ULL));
  std::vector<std::size_t> order(tracks);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<bool> abnormal(tracks, false);
  for (std::size_t k = 0; k < count; ++k) {
    const auto pick = static_cast<std::size_t>(random.integer(
        static_cast<std::int64_t>(k), static_cast<std::int64_t>(tracks) - 1));
    std::swap(order[k], order[pick]);
    abnormal[order[k]] = true;
  }
  return abnormal;
}

}  // namespace

std::size_t abnormal_track_count(const SimulatorOptions& options) {
  return static_cast<std::size_t>(std::round(
      options.abnormal_fraction * static_cast<double>(options.tracks)));
}

std::vector<Track> simulate_tracks(const SimulatorOptions& options) {
  if (options.tracks == 0) {
    throw InputError("the number of tracks must be at least 1");
  }
  if (!(options.abnormal_fraction >= 0 && options.abnormal_fraction <= 1)) {
    throw InputError("the abnormal fraction must lie in [0, 1], not " +
                     std::to_string(options.abnormal_fraction));
  }
  const std::vector<bool> abnormal = abnormal_positions(
      options.tracks, abnormal_track_count(options), options.seed);
  std::vector<Track> tracks;
  tracks.reserve(options.tracks);
  for (std::size_t i = 0; i < options.tracks; ++i) {
    // Each fish has its own stream, so a fish does not change when the
    // number of tracks does.
    const std::uint64_t stream = splitmix64(options.seed ^ splitmix64(i + 1));
    FishSimulator fish(options.model, stream, abnormal[i]);
    tracks.push_back(fish.run(std::to_string(i + 1)));
  }
  return tracks;
}

}  // namespace shoal
