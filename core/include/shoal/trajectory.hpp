#pragma once
/// Fish tracks, and the eight motion features the Fish4Knowledge study
/// computed from them with the R package trajr (fishFeatures.csv).
///
/// Feature definition
/// ==================
/// This is the contract. The device's C extractor implements the same steps
/// and must agree with track_features() to within 1e-5.
///
/// Input: one track, detections i = 0 .. m-1, each a video frame number f_i
/// and a bounding box (x_i, y_i, w_i, h_i) in pixels, with integer frames
/// strictly increasing, w_i > 0, h_i > 0, all values finite, m >= 4.
///
/// 1. Point. The box centre c_i = (x_i + w_i / 2, y_i + h_i / 2).
/// 2. Time. t_i = f_i - f_0, in frames. The study called
///    TrajFromCoords(fps = 1) on a data frame with a `time` column, so trajr
///    took those times as they are: one time unit is one frame whatever the
///    video's frame rate, and missed detections leave gaps in time. The fps
///    is only stored (TrajGetFPS reads it back); no later step uses it.
/// 3. Resampling, TrajResampleTime(stepTime = 1). Grid times k = 0, 1, ..., T
///    with T = f_{m-1} - f_0: R's seq(0, T, by = 1), which ends exactly on
///    the last detection because frames are integers. The grid point p_k is
///    the centre linearly interpolated in time (R's stats::approx), each
///    coordinate separately: p_k = c_i when k = t_i, otherwise, for the i
///    with t_i < k < t_{i+1},
///        p_k = c_i + (c_{i+1} - c_i) * ((k - t_i) / (t_{i+1} - t_i)).
///    There are n = T + 1 >= m grid points.
/// 4. Speed, TrajDerivatives()$speed. The n - 1 step speeds
///        s_j = |p_{j+1} - p_j| / 1 = hypot(dx, dy),   j = 0 .. n-2,
///    in pixels per frame. trajr's displacements start with a 0 for the
///    first point; TrajDerivatives leaves it out (d[2:n]), so the first
///    speed is that of the first step, not a padding zero.
/// 5. Acceleration, TrajDerivatives()$acceleration: the change of speed,
///        a_j = (s_{j+1} - s_j) / 1,   j = 0 .. n-3,
///    n - 2 values in pixels per frame per frame. No value is dropped and
///    none is padded: the first one compares the first two steps.
/// 6. Features, in this order, for v = s then v = a: mean, sample standard
///    deviation sqrt(sum (v - mean)^2 / (count - 1)), minimum, maximum:
///        f.meanSpeed f.sdSpeed f.minSpeed f.maxSpeed
///        f.meanAcc   f.sdAcc   f.minAcc   f.maxAcc
///    As R does, sums are kept in long double, the mean is refined by a
///    second pass over v - mean, and the variance is the two-pass form (never
///    the sum of squares minus the squared sum, which loses the digits a
///    single-precision device needs).
///
/// A track with fewer than FeatureOptions::min_detections detections (rows,
/// not frames spanned; the study's length(frame_number) < 10) gives no row.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

/// One detection of a fish: its bounding box in one video frame, pixels,
/// (x, y) the top-left corner.
struct Detection {
  std::int64_t frame = 0;
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;
};

/// One fish followed through a video: detections in increasing frame order
/// and the behaviour label of the whole track ("normal" or "abnormal" in
/// Fish4Knowledge, any word in a tracks CSV).
struct Track {
  std::string id;  ///< the track's name in its file, for messages
  std::string label;
  std::vector<Detection> detections;
};

/// Number of features per track.
inline constexpr std::size_t kTrackFeatureCount = 8;

/// The features of one track, in the order of track_feature_names().
using TrackFeatures = std::array<double, kTrackFeatureCount>;

/// The column names of fishFeatures.csv: f.meanSpeed ... f.maxAcc.
const std::array<std::string, kTrackFeatureCount>& track_feature_names();

/// The smallest number of detections for which every feature is defined:
/// 4 detections give at least 3 speeds and 2 accelerations, so both
/// standard deviations exist.
inline constexpr std::size_t kMinDetectionsForFeatures = 4;

/// The longest track accepted, in frames from its first detection to its
/// last: 10 million frames, 23 days at 5 frames a second. Resampling keeps
/// one value per frame, so a corrupt frame number must not ask for
/// gigabytes.
inline constexpr std::int64_t kMaxTrackSpan = 10'000'000;

/// Computes the features defined at the top of this file, keeping its
/// buffers between calls so that a loop over many tracks does not allocate.
class FeatureExtractor {
 public:
  /// Features of `count` detections. They must satisfy check_track()'s
  /// rules and count >= kMinDetectionsForFeatures; otherwise throws
  /// InputError.
  TrackFeatures compute(const Detection* detections, std::size_t count);

 private:
  std::vector<double> speed_;
  std::vector<double> acceleration_;
};

/// track_features(track.detections) with a one-off extractor.
TrackFeatures track_features(const std::vector<Detection>& detections);

/// Throws InputError unless the track has at least one detection, frames
/// strictly increase (no duplicate, no step back) and span at most
/// kMaxTrackSpan, every value is finite and box sizes are positive. `place(i)`
/// returns the message prefix that locates detection i in the source
/// ("file:line: " for a CSV, the field for a .mat); the message then names the
/// track and the bad value.
void check_track(const Track& track,
                 const std::function<std::string(std::size_t)>& place);

/// Reads a tracks CSV: a header naming at least the columns
/// track_id,label,frame,x,y,w,h (in any order; other columns are ignored),
/// then one detection a line. A track's rows need not be adjacent; tracks
/// are numbered in order of their first row. A field may be wrapped in
/// plain double quotes. Accepts CRLF line endings and a UTF-8 byte-order
/// mark. Throws InputError naming file, line, track and value for: a
/// missing column, a ragged row, a frame that is not a whole number, a
/// value that is not a number, a label that changes within a track, and
/// everything check_track() rejects.
std::vector<Track> parse_tracks_csv(std::string_view text,
                                    const std::string& source);

/// Reads a file with parse_tracks_csv(). A gzip-compressed file is refused
/// with a message saying to decompress it.
std::vector<Track> read_tracks_csv(const std::filesystem::path& path);

/// Reads a tracks CSV, or the Fish4Knowledge MATLAB file when the name ends
/// in ".mat" (see matfile.hpp).
std::vector<Track> read_tracks(const std::filesystem::path& path);

/// The tracks CSV text (header track_id,label,frame,x,y,w,h), each number
/// written in its shortest form that reads back to the same double.
std::string format_tracks_csv(const std::vector<Track>& tracks);

/// Writes format_tracks_csv(tracks) atomically.
void write_tracks_csv(const std::filesystem::path& path,
                      const std::vector<Track>& tracks);

/// How `shoal features` turns tracks into rows.
struct FeatureOptions {
  /// Tracks with fewer detections are skipped; at least
  /// kMinDetectionsForFeatures.
  std::size_t min_detections = 10;
};

/// One row of fishFeatures.csv.
struct FeatureRow {
  /// "id<k>", k the track's 1-based position among all tracks of its file,
  /// skipped ones included, as the study numbered them.
  std::string id;
  std::string label;
  TrackFeatures values{};
};

/// The rows of the tracks that pass the detection filter, in file order.
/// Throws InputError when options.min_detections is below
/// kMinDetectionsForFeatures.
std::vector<FeatureRow> extract_features(const std::vector<Track>& tracks,
                                         const FeatureOptions& options = {});

/// The fishFeatures.csv text: header id,label,f.meanSpeed,...,f.maxAcc,
/// no quotes, numbers with 15 significant digits as R's write.csv prints
/// them (the exponent form may differ from R's: 1e-04 is written 0.0001).
std::string format_fish_features(const std::vector<FeatureRow>& rows);

/// Writes format_fish_features(rows) atomically.
void write_fish_features(const std::filesystem::path& path,
                         const std::vector<FeatureRow>& rows);

}  // namespace shoal
