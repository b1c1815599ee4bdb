#include "shoal/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string_view>

#include "shoal/error.hpp"
#include "shoal/io.hpp"

namespace shoal {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view trim(std::string_view text) {
  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

/// The fields of one line, kept from row to row so that their strings'
/// buffers are reused and a 100k-row file does not allocate per cell.
class FieldBuffer {
 public:
  explicit FieldBuffer(std::vector<std::string>& fields) : fields_(fields) {}
  ~FieldBuffer() { fields_.resize(count_); }

  std::string& next() {
    if (count_ == fields_.size()) fields_.emplace_back();
    std::string& field = fields_[count_++];
    field.clear();
    return field;
  }

 private:
  std::vector<std::string>& fields_;
  std::size_t count_ = 0;
};

/// The common case, a line without quotes: cut at each comma.
void split_plain(std::string_view line, FieldBuffer& out) {
  std::size_t start = 0;
  while (true) {
    std::size_t comma = line.find(',', start);
    std::size_t length =
        comma == std::string_view::npos ? comma : comma - start;
    out.next().assign(trim(line.substr(start, length)));
    if (comma == std::string_view::npos) return;
    start = comma + 1;
  }
}

/// A line with double quotes: commas inside quotes belong to the field and
/// "" inside quotes is one literal quote.
void split_quoted(std::string_view line, FieldBuffer& out) {
  std::string* field = &out.next();
  bool quoted = false;
  auto finish = [&] { field->assign(std::string(trim(*field))); };
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      field->push_back('"');
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      finish();
      field = &out.next();
    } else {
      field->push_back(c);
    }
  }
  finish();
}

/// Fills `fields` with the fields of `line`, trimmed of surrounding blanks.
void split_into(std::string_view line, std::vector<std::string>& fields) {
  FieldBuffer out(fields);
  if (line.find('"') == std::string_view::npos) {
    split_plain(line, out);
  } else {
    split_quoted(line, out);
  }
}

/// The text between the previous line break and the next one, without a
/// trailing carriage return (CRLF files).
std::string_view take_line(std::string_view text, std::size_t& position) {
  std::size_t end = text.find('\n', position);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(position, end - position);
  position = end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

/// Strict number parsing: the whole field must be a number ("1.5abc" is
/// not). Returns false when it is not a number at all; `value` may then be
/// infinite or NaN, which the caller reports separately.
bool parse_number(std::string_view text, double& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    value = HUGE_VAL;  // reported as "not a finite number"
    return true;
  }
  return ec == std::errc();
}

/// The header row's roles: which field is the label, which the weight,
/// which are features.
struct Layout {
  std::size_t width = 0;
  std::size_t label = 0;
  std::size_t weight = SIZE_MAX;
  std::vector<std::size_t> feature_fields;
  std::vector<std::string> names;
};

/// Reads the CSV text row by row into a Dataset, with the exact place of
/// every problem.
class FeatureReader {
 public:
  FeatureReader(std::string file, const CsvOptions& options)
      : file_(std::move(file)), options_(options) {}

  Dataset read(std::string_view text);

 private:
  [[noreturn]] void fail(std::size_t line, std::size_t field,
                         const std::string& message) const {
    std::size_t column = field == SIZE_MAX ? 0 : field + 1;
    throw InputError(where(file_, line, column) + message);
  }

  void read_header(std::string_view line);
  std::size_t find_column(const std::string& name, const char* role) const;
  void read_row(std::string_view line, std::size_t line_number);
  double read_value(std::size_t field, std::size_t line_number) const;
  int label_id(const std::string& label, std::size_t line_number);
  void finish_classes();

  std::string file_;
  const CsvOptions& options_;
  Layout layout_;
  std::vector<std::string> fields_;
  std::vector<double> row_;
  std::vector<std::string> labels_seen_;  // in order of first appearance
  Dataset data_;
};

Dataset FeatureReader::read(std::string_view text) {
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  // Trailing blank lines are common (editors, pandas); they are not rows.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' ||
                           text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (text.empty()) {
    std::string expected = "'" + options_.label_column + "'";
    fail(0, SIZE_MAX,
         "the file is empty; expected a header row naming the columns, "
         "including " +
             expected);
  }
  std::size_t position = 0;
  read_header(take_line(text, position));
  std::size_t line_number = 1;
  while (position <= text.size()) {
    read_row(take_line(text, position), ++line_number);
  }
  if (data_.rows() == 0) {
    fail(1, SIZE_MAX, "the file has a header but no data rows");
  }
  finish_classes();
  return std::move(data_);
}

void FeatureReader::read_header(std::string_view line) {
  split_into(line, fields_);
  layout_.names = fields_;
  layout_.width = fields_.size();
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].empty()) {
      fail(1, i, "column " + std::to_string(i + 1) + " has no name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (fields_[j] == fields_[i]) {
        fail(1, i,
             "duplicate column name '" + fields_[i] + "' (also column " +
                 std::to_string(j + 1) + ")");
      }
    }
  }
  layout_.label = find_column(options_.label_column, "label");
  if (!options_.weight_column.empty()) {
    layout_.weight = find_column(options_.weight_column, "weight");
  }
  const auto& drop = options_.drop_columns;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (i == layout_.label || i == layout_.weight) continue;
    if (std::find(drop.begin(), drop.end(), fields_[i]) != drop.end()) {
      continue;
    }
    layout_.feature_fields.push_back(i);
    data_.feature_names.push_back(fields_[i]);
  }
  if (layout_.feature_fields.empty()) {
    fail(1, SIZE_MAX,
         "no feature columns: every column is the label, the weight or "
         "dropped");
  }
  row_.resize(layout_.feature_fields.size());
}

std::size_t FeatureReader::find_column(const std::string& name,
                                       const char* role) const {
  const auto& names = layout_.names;
  auto found = std::find(names.begin(), names.end(), name);
  if (found != names.end()) {
    return static_cast<std::size_t>(found - names.begin());
  }
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
  fail(1, SIZE_MAX,
       std::string("no ") + role + " column '" + name +
           "'; the columns are: " + listed);
}

void FeatureReader::read_row(std::string_view line, std::size_t line_number) {
  if (trim(line).empty()) {
    fail(line_number, SIZE_MAX,
         "blank line inside the table (blank lines may only end the file)");
  }
  split_into(line, fields_);
  if (fields_.size() != layout_.width) {
    fail(line_number, SIZE_MAX,
         "ragged row: expected " + std::to_string(layout_.width) +
             " fields as in the header, found " +
             std::to_string(fields_.size()));
  }
  for (std::size_t j = 0; j < layout_.feature_fields.size(); ++j) {
    row_[j] = read_value(layout_.feature_fields[j], line_number);
  }
  double weight = 1.0;
  if (layout_.weight != SIZE_MAX) {
    weight = read_value(layout_.weight, line_number);
    if (weight <= 0) {
      fail(line_number, layout_.weight,
           "column '" + layout_.names[layout_.weight] + "': weight '" +
               fields_[layout_.weight] + "' must be > 0");
    }
  }
  int label = label_id(fields_[layout_.label], line_number);
  data_.add_row(row_.data(), label, weight);
}

double FeatureReader::read_value(std::size_t field,
                                 std::size_t line_number) const {
  const std::string& text = fields_[field];
  double value = 0;
  bool number = parse_number(text, value);
  if (number && std::isfinite(value)) return value;

  std::string problem = "column '" + layout_.names[field] + "': ";
  if (text.empty()) {
    problem += "empty, expected a number";
  } else {
    problem +=
        "'" + text + "' is not a " + (number ? "finite " : "") + "number";
  }
  fail(line_number, field, problem);
}

int FeatureReader::label_id(const std::string& label, std::size_t line_number) {
  if (label.empty()) {
    fail(line_number, layout_.label,
         "column '" + layout_.names[layout_.label] + "': empty label");
  }
  auto& seen = labels_seen_;
  auto found = std::find(seen.begin(), seen.end(), label);
  if (found != seen.end()) return static_cast<int>(found - seen.begin());
  if (seen.size() == 2) {
    std::vector<std::string> all{seen[0], seen[1], label};
    std::sort(all.begin(), all.end());
    fail(line_number, layout_.label,
         "column '" + layout_.names[layout_.label] + "': a third class '" +
             label + "' (found " + all[0] + ", " + all[1] + ", " + all[2] +
             "); shoal trains binary classifiers and needs exactly two");
  }
  seen.push_back(label);
  return static_cast<int>(seen.size() - 1);
}

void FeatureReader::finish_classes() {
  if (labels_seen_.size() < 2) {
    fail(1, layout_.label,
         "column '" + layout_.names[layout_.label] +
             "' holds one class only, '" + labels_seen_[0] +
             "'; shoal needs rows of two classes");
  }
  // Class names are kept sorted so that encodings do not depend on row order.
  data_.class_names = labels_seen_;
  std::sort(data_.class_names.begin(), data_.class_names.end());
  if (data_.class_names != labels_seen_) {
    for (int& label : data_.labels) label = 1 - label;
  }
}

/// The shortest text that reads back as exactly `value`.
void append_number(std::string& out, double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ec == std::errc() ? end : buffer);
}

void check_writable(const std::filesystem::path& path, const Dataset& data,
                    bool with_weights, const std::string& label_column) {
  auto fail = [&](const std::string& problem) {
    throw RunError("cannot write '" + path.string() + "': " + problem);
  };
  if (data.features.size() != data.rows() * data.cols() ||
      data.weights.size() != data.rows()) {
    fail("the table's features, labels and weights disagree in size");
  }
  const auto& names = data.feature_names;
  if (std::find(names.begin(), names.end(), label_column) != names.end()) {
    fail("a feature is already named '" + label_column + "'");
  }
  if (with_weights &&
      (label_column == "weight" ||
       std::find(names.begin(), names.end(), "weight") != names.end())) {
    fail("a column is already named 'weight'");
  }
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  split_into(line, fields);
  return fields;
}

Dataset read_feature_csv(const std::filesystem::path& path,
                         const CsvOptions& options) {
  std::string text = read_file(path);
  return FeatureReader(path.string(), options).read(text);
}

PredictionInput read_prediction_csv(
    const std::filesystem::path& path,
    const std::vector<std::string>& feature_names, const std::string& id_column,
    const std::string& label_column) {
  const std::string file = path.string();
  std::string content = read_file(path);
  std::string_view text = content;
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (text.empty()) throw InputError(where(file) + "the file is empty");

  std::size_t position = 0;
  std::vector<std::string> header, fields;
  split_into(take_line(text, position), header);
  auto column = [&](const std::string& name) {
    auto found = std::find(header.begin(), header.end(), name);
    return found == header.end()
               ? SIZE_MAX
               : static_cast<std::size_t>(found - header.begin());
  };
  std::vector<std::size_t> feature_fields;
  for (const auto& name : feature_names) {
    feature_fields.push_back(column(name));
    if (feature_fields.back() != SIZE_MAX) continue;
    std::string listed;
    for (const auto& h : header) listed += (listed.empty() ? "" : ", ") + h;
    throw InputError(where(file, 1) + "no column '" + name +
                     "', which the model needs; the columns are: " + listed);
  }
  const std::size_t id_field = column(id_column);
  const std::size_t label_field = column(label_column);

  PredictionInput input;
  input.width = feature_names.size();
  std::size_t line_number = 1;
  while (position <= text.size()) {
    std::string_view line = take_line(text, position);
    ++line_number;
    split_into(line, fields);
    if (fields.size() != header.size()) {
      throw InputError(where(file, line_number) + "ragged row: expected " +
                       std::to_string(header.size()) +
                       " fields as in the header, found " +
                       std::to_string(fields.size()));
    }
    for (std::size_t f : feature_fields) {
      double value = 0;
      if (!parse_number(fields[f], value) || !std::isfinite(value)) {
        throw InputError(where(file, line_number, f + 1) + "column '" +
                         header[f] + "': '" + fields[f] +
                         "' is not a finite number");
      }
      input.features.push_back(value);
    }
    if (id_field != SIZE_MAX) input.ids.push_back(fields[id_field]);
    if (label_field != SIZE_MAX) input.labels.push_back(fields[label_field]);
  }
  if (input.features.empty()) {
    throw InputError(where(file, 1) + "the file has a header but no data rows");
  }
  return input;
}

void write_feature_csv(const std::filesystem::path& path, const Dataset& data,
                       bool with_weights, const std::string& label_column) {
  check_writable(path, data, with_weights, label_column);
  std::string out;
  for (const auto& name : data.feature_names) out += csv_field(name) + ",";
  out += csv_field(label_column);
  out += with_weights ? ",weight\n" : "\n";
  std::vector<std::string> labels;  // as CSV fields, quoted when needed
  for (const auto& name : data.class_names) labels.push_back(csv_field(name));
  for (std::size_t i = 0; i < data.rows(); ++i) {
    for (std::size_t j = 0; j < data.cols(); ++j) {
      append_number(out, data.row(i)[j]);
      out += ',';
    }
    out += labels.at(static_cast<std::size_t>(data.labels[i]));
    if (with_weights) {
      out += ',';
      append_number(out, data.weights[i]);
    }
    out += '\n';
  }
  write_file_atomically(path, out);
}

}  // namespace shoal
