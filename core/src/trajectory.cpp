#include "shoal/trajectory.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "shoal/error.hpp"
#include "shoal/io.hpp"
#include "shoal/matfile.hpp"

namespace shoal {

namespace fs = std::filesystem;

const std::array<std::string, kTrackFeatureCount>& track_feature_names() {
  static const std::array<std::string, kTrackFeatureCount> names{
      "f.meanSpeed", "f.sdSpeed", "f.minSpeed", "f.maxSpeed",
      "f.meanAcc",   "f.sdAcc",   "f.minAcc",   "f.maxAcc"};
  return names;
}

// ---------------------------------------------------------------------------
// Features

namespace {

/// Mean, sample standard deviation, minimum and maximum of `v` (at least two
/// values), with R's arithmetic: mean() and var() sum in long double, refine
/// the mean with a second pass, and var() subtracts the mean rounded to
/// double.
void summarise(const std::vector<double>& v, double* out) {
  const auto n = static_cast<long double>(v.size());
  long double sum = 0;
  for (double x : v) sum += x;
  long double mean = sum / n;
  if (std::isfinite(static_cast<double>(mean))) {
    long double residual = 0;
    for (double x : v) residual += x - mean;
    mean += residual / n;
  }
  const auto mean_double = static_cast<double>(mean);

  const long double centre = mean_double;
  long double squares = 0;
  for (double x : v) squares += (x - centre) * (x - centre);
  const auto variance = static_cast<double>(squares / (n - 1));

  const auto [low, high] = std::minmax_element(v.begin(), v.end());
  out[0] = mean_double;
  out[1] = std::sqrt(variance);
  out[2] = *low;
  out[3] = *high;
}

/// Frames from `first` to `last` (last > first), without overflow.
std::uint64_t frames_between(std::int64_t first, std::int64_t last) {
  return static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(first);
}

double centre_x(const Detection& d) { return d.x + d.w / 2; }
double centre_y(const Detection& d) { return d.y + d.h / 2; }

/// Appends to `speed` the step speeds of the one-frame grid (steps 3 and 4
/// of the definition). The grid is walked segment by segment: a segment
/// of `gap` frames holds gap - 1 interpolated points and ends on the next
/// detection.
void resampled_speeds(const Detection* detections, std::size_t count,
                      std::vector<double>& speed) {
  speed.clear();
  double px = centre_x(detections[0]);
  double py = centre_y(detections[0]);
  for (std::size_t i = 0; i + 1 < count; ++i) {
    const Detection& a = detections[i];
    const Detection& b = detections[i + 1];
    const double ax = centre_x(a), ay = centre_y(a);
    const double bx = centre_x(b), by = centre_y(b);
    const auto gap = b.frame - a.frame;
    for (std::int64_t k = 1; k < gap; ++k) {
      const double r = static_cast<double>(k) / static_cast<double>(gap);
      const double qx = ax + (bx - ax) * r;
      const double qy = ay + (by - ay) * r;
      speed.push_back(std::hypot(qx - px, qy - py));
      px = qx;
      py = qy;
    }
    speed.push_back(std::hypot(bx - px, by - py));
    px = bx;
    py = by;
  }
}

}  // namespace

TrackFeatures FeatureExtractor::compute(const Detection* detections,
                                        std::size_t count) {
  if (count < kMinDetectionsForFeatures) {
    throw InputError(
        "a track needs at least " + std::to_string(kMinDetectionsForFeatures) +
        " detections for its features, this one has " + std::to_string(count));
  }
  const std::uint64_t span =
      frames_between(detections[0].frame, detections[count - 1].frame);
  if (span > static_cast<std::uint64_t>(kMaxTrackSpan)) {
    throw InputError("a track may span at most " +
                     std::to_string(kMaxTrackSpan) + " frames, this one " +
                     std::to_string(span));
  }
  resampled_speeds(detections, count, speed_);

  acceleration_.resize(speed_.size() - 1);
  for (std::size_t j = 0; j + 1 < speed_.size(); ++j) {
    acceleration_[j] = speed_[j + 1] - speed_[j];
  }

  TrackFeatures features{};
  summarise(speed_, &features[0]);
  summarise(acceleration_, &features[4]);
  return features;
}

TrackFeatures track_features(const std::vector<Detection>& detections) {
  FeatureExtractor extractor;
  return extractor.compute(detections.data(), detections.size());
}

// ---------------------------------------------------------------------------
// Checks

namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

/// What is wrong with detection `d` of a track that starts with `first` and
/// has `previous` just before `d` (both nullptr for the first detection),
/// or "" when nothing is.
std::string detection_problem(const Detection* first, const Detection* previous,
                              const Detection& d) {
  const std::pair<const char*, double> values[] = {
      {"x", d.x}, {"y", d.y}, {"w", d.w}, {"h", d.h}};
  for (const auto& [name, value] : values) {
    if (!std::isfinite(value)) {
      return std::string(name) + " = " + number_text(value) +
             " is not a finite number";
    }
  }
  if (d.w <= 0) {
    return "box width w = " + number_text(d.w) + " must be positive";
  }
  if (d.h <= 0) {
    return "box height h = " + number_text(d.h) + " must be positive";
  }
  if (previous && d.frame == previous->frame) {
    return "frame " + std::to_string(d.frame) +
           " appears twice (one detection per frame)";
  }
  if (previous && d.frame < previous->frame) {
    return "frame " + std::to_string(d.frame) + " comes after frame " +
           std::to_string(previous->frame) +
           " (frames must increase within a track)";
  }
  if (first && frames_between(first->frame, d.frame) >
                   static_cast<std::uint64_t>(kMaxTrackSpan)) {
    return "frame " + std::to_string(d.frame) + " is more than " +
           std::to_string(kMaxTrackSpan) + " frames after the first, " +
           std::to_string(first->frame);
  }
  return {};
}

std::string track_prefix(const Track& track) {
  return "track '" + track.id + "': ";
}

}  // namespace

void check_track(const Track& track,
                 const std::function<std::string(std::size_t)>& place) {
  if (track.detections.empty()) {
    throw InputError(place(0) + track_prefix(track) + "no detections");
  }
  const Detection* previous = nullptr;
  for (std::size_t i = 0; i < track.detections.size(); ++i) {
    const Detection& d = track.detections[i];
    std::string problem = detection_problem(
        previous ? &track.detections[0] : nullptr, previous, d);
    if (!problem.empty()) {
      throw InputError(place(i) + track_prefix(track) + problem);
    }
    previous = &d;
  }
}

// ---------------------------------------------------------------------------
// Tracks CSV

namespace {

const char* const kTrackColumns[] = {"track_id", "label", "frame", "x",
                                     "y",        "w",     "h"};
constexpr std::size_t kTrackColumnCount = 7;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    s = s.substr(1, s.size() - 2);
  }
  return s;
}

/// Splits `line` at commas into `fields` (reused between lines).
void split_fields(std::string_view line,
                  std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(trim(line.substr(start)));
      return;
    }
    fields.push_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
}

/// Reads the text one line at a time, counting lines and dropping a
/// trailing carriage return.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
  }
  bool next(std::string_view& line) {
    if (text_.empty()) return false;
    const std::size_t end = text_.find('\n');
    line = text_.substr(0, end);
    text_.remove_prefix(end == std::string_view::npos ? text_.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t number_ = 0;
};

/// The position of each needed column in the header.
using ColumnMap = std::array<std::size_t, kTrackColumnCount>;

ColumnMap map_columns(const std::vector<std::string_view>& header,
                      const std::string& source) {
  ColumnMap map{};
  for (std::size_t c = 0; c < kTrackColumnCount; ++c) {
    const auto found =
        std::find(header.begin(), header.end(), kTrackColumns[c]);
    if (found == header.end()) {
      throw InputError(where(source, 1) + "missing column '" +
                       kTrackColumns[c] +
                       "' (a tracks CSV has the columns "
                       "track_id,label,frame,x,y,w,h)");
    }
    map[c] = static_cast<std::size_t>(found - header.begin());
  }
  return map;
}

/// Builds tracks row by row, checking each detection as it arrives.
class TrackTable {
 public:
  TrackTable(std::string source, ColumnMap columns)
      : source_(std::move(source)), columns_(columns) {}

  void add_row(const std::vector<std::string_view>& fields, std::size_t line);
  std::vector<Track> take() { return std::move(tracks_); }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw InputError(where(source_, line) + message);
  }
  std::size_t track_index(std::string_view id, std::string_view label,
                          std::size_t line);
  std::int64_t read_frame(std::string_view text, std::size_t line) const;
  double read_number(std::size_t column, std::string_view text,
                     std::size_t line) const;

  std::string source_;
  ColumnMap columns_;
  std::vector<Track> tracks_;
  std::vector<std::size_t> first_lines_;
  std::unordered_map<std::string, std::size_t> index_;
  std::size_t last_ = SIZE_MAX;
};

std::size_t TrackTable::track_index(std::string_view id, std::string_view label,
                                    std::size_t line) {
  if (id.empty()) fail(line, "empty track_id");
  if (label.empty()) fail(line, "track '" + std::string(id) + "': empty label");
  if (last_ == SIZE_MAX || tracks_[last_].id != id) {
    auto [it, added] = index_.try_emplace(std::string(id), tracks_.size());
    if (added) {
      tracks_.push_back(Track{std::string(id), std::string(label), {}});
      first_lines_.push_back(line);
    }
    last_ = it->second;
  }
  const Track& track = tracks_[last_];
  if (track.label != label) {
    fail(line, track_prefix(track) + "label '" + std::string(label) +
                   "' differs from '" + track.label + "' on line " +
                   std::to_string(first_lines_[last_]) +
                   " (a track has one label)");
  }
  return last_;
}

std::int64_t TrackTable::read_frame(std::string_view text,
                                    std::size_t line) const {
  std::int64_t frame = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, frame);
  if (ec != std::errc() || ptr != end) {
    fail(line, "column 'frame': '" + std::string(text) +
                   "' is not a whole frame number");
  }
  return frame;
}

double TrackTable::read_number(std::size_t column, std::string_view text,
                               std::size_t line) const {
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || begin == end) {
    fail(line, std::string("column '") + kTrackColumns[column] + "': '" +
                   std::string(text) + "' is not a number");
  }
  return value;
}

void TrackTable::add_row(const std::vector<std::string_view>& fields,
                         std::size_t line) {
  const std::size_t t =
      track_index(fields[columns_[0]], fields[columns_[1]], line);
  Detection d;
  d.frame = read_frame(fields[columns_[2]], line);
  d.x = read_number(3, fields[columns_[3]], line);
  d.y = read_number(4, fields[columns_[4]], line);
  d.w = read_number(5, fields[columns_[5]], line);
  d.h = read_number(6, fields[columns_[6]], line);

  Track& track = tracks_[t];
  const Detection* previous =
      track.detections.empty() ? nullptr : &track.detections.back();
  const Detection* first =
      track.detections.empty() ? nullptr : &track.detections.front();
  std::string problem = detection_problem(first, previous, d);
  if (!problem.empty()) fail(line, track_prefix(track) + problem);
  track.detections.push_back(d);
}

}  // namespace

std::vector<Track> parse_tracks_csv(std::string_view text,
                                    const std::string& source) {
  LineCursor cursor(text);
  std::string_view line;
  if (!cursor.next(line) || trim(line).empty()) {
    throw InputError(where(source, 1) +
                     "empty file (expected the header "
                     "track_id,label,frame,x,y,w,h)");
  }
  std::vector<std::string_view> fields;
  split_fields(line, fields);
  const std::size_t width = fields.size();
  TrackTable table(source, map_columns(fields, source));

  while (cursor.next(line)) {
    if (trim(line).empty()) continue;
    split_fields(line, fields);
    if (fields.size() != width) {
      throw InputError(where(source, cursor.number()) + "row has " +
                       std::to_string(fields.size()) +
                       " fields, the header has " + std::to_string(width));
    }
    table.add_row(fields, cursor.number());
  }
  std::vector<Track> tracks = table.take();
  if (tracks.empty()) {
    throw InputError(where(source) + "no detections after the header");
  }
  return tracks;
}

std::vector<Track> read_tracks_csv(const fs::path& path) {
  const std::string text = read_file(path);
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f &&
      static_cast<unsigned char>(text[1]) == 0x8b) {
    throw InputError(where(path.string()) +
                     "gzip-compressed; decompress it first (gunzip -k)");
  }
  return parse_tracks_csv(text, path.string());
}

std::vector<Track> read_tracks(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (extension == ".mat") return read_fish4knowledge_mat(path);
  return read_tracks_csv(path);
}

namespace {

void append_number(std::string& out, double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append_frame(std::string& out, std::int64_t frame) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, frame);
  out.append(buffer, end);
}

/// Throws InputError when `text` cannot stand unquoted in a CSV field.
void check_csv_word(const std::string& text, const char* what) {
  if (text.empty() || text.find_first_of(",\"\r\n") != std::string::npos) {
    throw InputError(std::string(what) + " '" + text +
                     "' is empty or holds a comma, quote or line break, "
                     "which a CSV field cannot hold unquoted");
  }
}

}  // namespace

std::string format_tracks_csv(const std::vector<Track>& tracks) {
  std::string out = "track_id,label,frame,x,y,w,h\n";
  for (const Track& track : tracks) {
    check_csv_word(track.id, "track id");
    check_csv_word(track.label, "label");
    for (const Detection& d : track.detections) {
      out += track.id;
      out += ',';
      out += track.label;
      out += ',';
      append_frame(out, d.frame);
      for (double value : {d.x, d.y, d.w, d.h}) {
        out += ',';
        append_number(out, value);
      }
      out += '\n';
    }
  }
  return out;
}

void write_tracks_csv(const fs::path& path, const std::vector<Track>& tracks) {
  write_file_atomically(path, format_tracks_csv(tracks));
}

// ---------------------------------------------------------------------------
// Feature rows

std::vector<FeatureRow> extract_features(const std::vector<Track>& tracks,
                                         const FeatureOptions& options) {
  if (options.min_detections < kMinDetectionsForFeatures) {
    throw InputError("the detection filter must keep tracks of at least " +
                     std::to_string(kMinDetectionsForFeatures) +
                     " detections (so every feature is defined), not " +
                     std::to_string(options.min_detections));
  }
  FeatureExtractor extractor;
  std::vector<FeatureRow> rows;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const Track& track = tracks[i];
    if (track.detections.size() < options.min_detections) continue;
    FeatureRow row;
    row.id = "id" + std::to_string(i + 1);
    row.label = track.label;
    row.values =
        extractor.compute(track.detections.data(), track.detections.size());
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_fish_features(const std::vector<FeatureRow>& rows) {
  std::string out = "id,label";
  for (const auto& name : track_feature_names()) out += "," + name;
  out += '\n';
  char buffer[32];
  for (const FeatureRow& row : rows) {
    check_csv_word(row.label, "label");
    out += row.id;
    out += ',';
    out += row.label;
    for (double value : row.values) {
      // + 0.0 turns a negative zero into zero, so it prints as "0".
      std::snprintf(buffer, sizeof buffer, "%.15g", value + 0.0);
      out += ',';
      out += buffer;
    }
    out += '\n';
  }
  return out;
}

void write_fish_features(const fs::path& path,
                         const std::vector<FeatureRow>& rows) {
  write_file_atomically(path, format_fish_features(rows));
}

}  // namespace shoal
