#include "shoal/matfile.hpp"

#include <matio.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <system_error>

#include "shoal/error.hpp"

namespace shoal {

namespace fs = std::filesystem;

std::string fish4knowledge_label(double class_number) {
  if (class_number == 1) return "normal";
  if (class_number == 2) return "abnormal";
  return "";
}

namespace {

// matio reports problems through a log function that prints to stderr by
// default. The library must not print, so the last message is kept here and
// put into the InputError instead.
thread_local std::string matio_message;

void remember_matio_message(int /*level*/, char* message) {
  matio_message = message ? message : "";
}

void silence_matio() {
  static std::once_flag once;
  std::call_once(once,
                 [] { Mat_LogInitFunc("shoal", remember_matio_message); });
}

struct MatCloser {
  void operator()(mat_t* mat) const { Mat_Close(mat); }
};
struct VarFreer {
  void operator()(matvar_t* var) const { Mat_VarFree(var); }
};

const char* const kVariable = "fish_detections";
const char* const kBoxFields[] = {"bounding_box_x", "bounding_box_y",
                                  "bounding_box_w", "bounding_box_h"};
const char* const kFields[] = {
    "frame_number",   "bounding_box_x", "bounding_box_y",  "bounding_box_w",
    "bounding_box_h", "class",          "classDescription"};

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::size_t element_count(const matvar_t* var) {
  std::size_t count = 1;
  for (int d = 0; d < var->rank; ++d) count *= var->dims[d];
  return count;
}

const char* class_name(matio_classes type) {
  switch (type) {
    case MAT_C_CELL:
      return "cell";
    case MAT_C_STRUCT:
      return "struct";
    case MAT_C_CHAR:
      return "char";
    case MAT_C_SPARSE:
      return "sparse";
    case MAT_C_EMPTY:
      return "empty";
    default:
      return "numeric";
  }
}

template <typename T>
void widen(const void* data, std::size_t count, std::vector<double>& out) {
  const T* values = static_cast<const T*>(data);
  out.assign(values, values + count);
}

/// Converts a real numeric array to doubles; false for any other class.
bool numeric_values(const matvar_t* var, std::vector<double>& out) {
  const std::size_t n = element_count(var);
  const void* data = var->data;
  if (var->isComplex) return false;
  if (n > 0 && data == nullptr) return false;
  switch (var->class_type) {
    case MAT_C_DOUBLE:
      widen<double>(data, n, out);
      return true;
    case MAT_C_SINGLE:
      widen<float>(data, n, out);
      return true;
    case MAT_C_INT8:
      widen<std::int8_t>(data, n, out);
      return true;
    case MAT_C_UINT8:
      widen<std::uint8_t>(data, n, out);
      return true;
    case MAT_C_INT16:
      widen<std::int16_t>(data, n, out);
      return true;
    case MAT_C_UINT16:
      widen<std::uint16_t>(data, n, out);
      return true;
    case MAT_C_INT32:
      widen<std::int32_t>(data, n, out);
      return true;
    case MAT_C_UINT32:
      widen<std::uint32_t>(data, n, out);
      return true;
    case MAT_C_INT64:
      widen<std::int64_t>(data, n, out);
      return true;
    case MAT_C_UINT64:
      widen<std::uint64_t>(data, n, out);
      return true;
    default:
      return false;
  }
}

/// One character of a char array stored with `size` bytes a character, in
/// native byte order (matio converts); non-ASCII becomes '?', since
/// Fish4Knowledge labels are ASCII.
char char_at(const unsigned char* cell, std::size_t size) {
  std::uint32_t code = cell[0];
  if (size == 2) {
    std::uint16_t wide;
    std::memcpy(&wide, cell, 2);
    code = wide;
  } else if (size == 4) {
    std::memcpy(&code, cell, 4);
  }
  return code < 128 ? static_cast<char>(code) : '?';
}

/// The rows of a char array as strings, trailing blanks and NULs removed
/// (MATLAB pads the rows of a char matrix).
std::vector<std::string> char_rows(const matvar_t* var) {
  std::vector<std::string> rows;
  if (var->rank != 2 || element_count(var) == 0 || var->data == nullptr) {
    return rows;
  }
  const std::size_t height = var->dims[0];
  const std::size_t width = var->dims[1];
  const auto* bytes = static_cast<const unsigned char*>(var->data);
  const std::size_t size = var->data_size > 0 ? var->data_size : 1;
  for (std::size_t r = 0; r < height; ++r) {
    std::string row;
    for (std::size_t c = 0; c < width; ++c) {
      row += char_at(bytes + (r + c * height) * size, size);  // column-major
    }
    while (!row.empty() && (row.back() == ' ' || row.back() == '\0')) {
      row.pop_back();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Reads the elements of `fish_detections` one at a time.
class Fish4KnowledgeReader {
 public:
  Fish4KnowledgeReader(std::string file, matvar_t* var)
      : file_(std::move(file)), var_(var) {}

  void check_fields() const;
  std::size_t size() const { return element_count(var_); }
  Track read(std::size_t i) const;

 private:
  [[noreturn]] void fail(std::size_t i, const std::string& field,
                         const std::string& message) const {
    throw InputError(where(file_) + field_name(i, field) + message);
  }
  static std::string field_name(std::size_t i, const std::string& field) {
    return std::string(kVariable) + "(" + std::to_string(i + 1) + ")." + field;
  }
  const matvar_t* field(std::size_t i, const char* name) const;
  std::vector<double> numbers(std::size_t i, const char* name) const;
  std::vector<std::string> words(std::size_t i, const char* name) const;
  template <typename T, typename Show>
  void check_constant(std::size_t i, const char* name,
                      const std::vector<T>& values, Show show) const;
  std::string label(std::size_t i, std::size_t detections) const;
  std::vector<Detection> detections(std::size_t i) const;
  std::int64_t frame_at(std::size_t i, const std::vector<double>& frames,
                        std::size_t k) const;
  /// Box value k of field kBoxFields[b]; sizes (b >= 2) must be positive.
  double box_value(std::size_t i, std::size_t b, double value,
                   std::size_t k) const;

  std::string file_;
  matvar_t* var_;
};

void Fish4KnowledgeReader::check_fields() const {
  if (var_->class_type != MAT_C_STRUCT) {
    throw InputError(where(file_) + "variable '" + kVariable + "' is a " +
                     class_name(var_->class_type) +
                     " array, expected a struct array");
  }
  const unsigned count = Mat_VarGetNumberOfFields(var_);
  char* const* names = Mat_VarGetStructFieldnames(var_);
  for (const char* wanted : kFields) {
    bool found = false;
    for (unsigned f = 0; f < count && !found; ++f) {
      found = names[f] && std::string(names[f]) == wanted;
    }
    if (!found) {
      throw InputError(where(file_) + "'" + kVariable + "' has no field '" +
                       wanted + "' (not the Fish4Knowledge trajectory layout)");
    }
  }
}

const matvar_t* Fish4KnowledgeReader::field(std::size_t i,
                                            const char* name) const {
  const matvar_t* value = Mat_VarGetStructFieldByName(var_, name, i);
  if (value == nullptr || element_count(value) == 0) {
    fail(i, name, " is empty");
  }
  return value;
}

std::vector<double> Fish4KnowledgeReader::numbers(std::size_t i,
                                                  const char* name) const {
  const matvar_t* value = field(i, name);
  std::vector<double> out;
  if (!numeric_values(value, out)) {
    fail(i, name,
         std::string(" is a ") + class_name(value->class_type) +
             (value->isComplex ? " complex" : "") +
             " array, expected real numbers");
  }
  return out;
}

std::vector<std::string> Fish4KnowledgeReader::words(std::size_t i,
                                                     const char* name) const {
  const matvar_t* value = field(i, name);
  if (value->class_type == MAT_C_CHAR) return char_rows(value);
  if (value->class_type != MAT_C_CELL) {
    fail(i, name,
         std::string(" is a ") + class_name(value->class_type) +
             " array, expected text");
  }
  std::vector<std::string> out;
  const std::size_t count = element_count(value);
  for (std::size_t c = 0; c < count; ++c) {
    const matvar_t* cell =
        Mat_VarGetCell(const_cast<matvar_t*>(value), static_cast<int>(c));
    if (cell == nullptr || cell->class_type != MAT_C_CHAR) {
      fail(i, name, "{" + std::to_string(c + 1) + "} is not text");
    }
    for (auto& row : char_rows(cell)) out.push_back(std::move(row));
  }
  return out;
}

/// Throws unless every entry of field `name` equals the first: a
/// trajectory has one class.
template <typename T, typename Show>
void Fish4KnowledgeReader::check_constant(std::size_t i, const char* name,
                                          const std::vector<T>& values,
                                          Show show) const {
  for (std::size_t k = 1; k < values.size(); ++k) {
    if (values[k] != values[0]) {
      fail(i, name,
           "(" + std::to_string(k + 1) + ") = " + show(values[k]) +
               " differs from " + show(values[0]) +
               " (a trajectory has one class)");
    }
  }
}

/// The track's label, after checking class and classDescription agree with
/// each other and hold one entry or one per detection.
std::string Fish4KnowledgeReader::label(std::size_t i,
                                        std::size_t detections) const {
  const std::vector<double> classes = numbers(i, "class");
  const std::vector<std::string> descriptions = words(i, "classDescription");
  const std::pair<const char*, std::size_t> sizes[] = {
      {"class", classes.size()}, {"classDescription", descriptions.size()}};
  for (const auto& [name, size] : sizes) {
    if (size != 1 && size != detections) {
      fail(i, name,
           " has " + std::to_string(size) + " entries, expected 1 or " +
               std::to_string(detections) + " (one per detection)");
    }
  }
  check_constant(i, "class", classes, format_number);
  check_constant(i, "classDescription", descriptions,
                 [](const std::string& text) { return "'" + text + "'"; });
  const std::string expected = fish4knowledge_label(classes[0]);
  if (expected.empty()) {
    fail(i, "class",
         " = " + format_number(classes[0]) +
             ", expected 1 (normal) or 2 (abnormal)");
  }
  if (descriptions[0] != expected) {
    fail(i, "classDescription",
         " = '" + descriptions[0] + "' disagrees with class " +
             format_number(classes[0]) + ", which means '" + expected + "'");
  }
  return expected;
}

std::vector<Detection> Fish4KnowledgeReader::detections(std::size_t i) const {
  const std::vector<double> frames = numbers(i, "frame_number");
  std::vector<std::vector<double>> boxes;
  for (const char* name : kBoxFields) {
    boxes.push_back(numbers(i, name));
    if (boxes.back().size() != frames.size()) {
      fail(i, name,
           " has " + std::to_string(boxes.back().size()) +
               " values, frame_number has " + std::to_string(frames.size()));
    }
  }
  std::vector<Detection> out(frames.size());
  for (std::size_t k = 0; k < frames.size(); ++k) {
    out[k].frame = frame_at(i, frames, k);
    double* slots[] = {&out[k].x, &out[k].y, &out[k].w, &out[k].h};
    for (std::size_t b = 0; b < 4; ++b) {
      *slots[b] = box_value(i, b, boxes[b][k], k);
    }
  }
  return out;
}

std::int64_t Fish4KnowledgeReader::frame_at(std::size_t i,
                                            const std::vector<double>& frames,
                                            std::size_t k) const {
  const double f = frames[k];
  const std::string at = "(" + std::to_string(k + 1) + ") = ";
  if (!(std::abs(f) < 9.0e15) || std::floor(f) != f) {
    fail(i, "frame_number",
         at + format_number(f) + " is not a whole frame number");
  }
  if (k > 0 && f <= frames[k - 1]) {
    fail(i, "frame_number",
         at + format_number(f) + " follows " + format_number(frames[k - 1]) +
             " (frames must increase, no repeats)");
  }
  return static_cast<std::int64_t>(f);
}

double Fish4KnowledgeReader::box_value(std::size_t i, std::size_t b,
                                       double value, std::size_t k) const {
  const std::string at = "(" + std::to_string(k + 1) + ") = ";
  if (!std::isfinite(value)) {
    fail(i, kBoxFields[b],
         at + format_number(value) + " is not a finite number");
  }
  if (b >= 2 && value <= 0) {
    fail(i, kBoxFields[b],
         at + format_number(value) + " must be a positive number");
  }
  return value;
}

Track Fish4KnowledgeReader::read(std::size_t i) const {
  Track track;
  track.id = std::to_string(i + 1);
  track.detections = detections(i);
  track.label = label(i, track.detections.size());
  // The checks above name the field; this one guards the shared rules.
  check_track(track, [&](std::size_t k) {
    return where(file_) + field_name(i, "frame_number") + "(" +
           std::to_string(k + 1) + "): ";
  });
  return track;
}

}  // namespace

std::vector<Track> read_fish4knowledge_mat(const fs::path& path) {
  silence_matio();
  const std::string file = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw InputError("cannot open '" + file +
                     "': no such file or not a regular file");
  }
  matio_message.clear();
  std::unique_ptr<mat_t, MatCloser> mat(Mat_Open(file.c_str(), MAT_ACC_RDONLY));
  if (!mat) {
    throw InputError(where(file) + "not a MATLAB .mat file" +
                     (matio_message.empty() ? "" : " (" + matio_message + ")"));
  }
  std::unique_ptr<matvar_t, VarFreer> var(Mat_VarRead(mat.get(), kVariable));
  if (!var) {
    throw InputError(where(file) + "no variable '" + kVariable +
                     "' (the Fish4Knowledge trajectory struct array)");
  }
  Fish4KnowledgeReader reader(file, var.get());
  reader.check_fields();
  std::vector<Track> tracks;
  tracks.reserve(reader.size());
  for (std::size_t i = 0; i < reader.size(); ++i) {
    tracks.push_back(reader.read(i));
  }
  if (tracks.empty()) {
    throw InputError(where(file) + "'" + kVariable + "' has no elements");
  }
  return tracks;
}

bool is_mat_v73(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string mark = "MATLAB 7.3 MAT-file";
  std::string start(mark.size(), '\0');
  in.read(&start[0], static_cast<std::streamsize>(start.size()));
  return in && start == mark;
}

}  // namespace shoal
