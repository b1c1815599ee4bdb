#include "shoal/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "shoal/error.hpp"
#include "shoal/io.hpp"
#include "shoal/metrics.hpp"

namespace shoal {

namespace {

namespace fs = std::filesystem;

// The keys each section accepts; anything else is reported as unknown.
const std::vector<std::string> kSections{"data",     "split",      "model",
                                         "training", "evaluation", "threshold",
                                         "plugins",  "strategies"};
const std::vector<std::string> kDataKeys{"path", "label_column", "drop_columns",
                                         "weight_column"};
const std::vector<std::string> kSplitKeys{"test_fraction", "stratify", "seed"};
const std::vector<std::string> kModelKeys{"hidden"};
const std::vector<std::string> kTrainingKeys{"learning_rate", "batch_size",
                                             "epochs", "seed"};
const std::vector<std::string> kEvaluationKeys{"mode", "repeats", "folds",
                                               "primary_metric"};
const std::vector<std::string> kThresholdKeys{
    "mode", "value", "metric", "target_recall", "validation_fraction"};
const std::vector<std::string> kPluginsKeys{"search_path"};
const std::vector<std::string> kStrategyKeys{"plugin", "name", "seed",
                                             "params"};

const std::vector<std::string> kEvaluationModes{"holdout", "cv"};
const std::vector<std::string> kThresholdModes{"fixed", "maximise", "recall"};

// Strategies listed without an explicit seed get 1000 + their index, so
// adding a strategy at the end leaves the others' seeds unchanged.
constexpr std::int64_t kFirstStrategySeed = 1000;

bool parse_whole(std::string_view text, std::int64_t& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

bool parse_real(std::string_view text, double& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

/// A value as it reads in an error message.
std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

std::string join(const std::vector<std::string>& words,
                 const std::string& separator = ", ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

/// A quoted scalar in the file ("0.5") is text, whatever it looks like.
bool is_quoted(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  return tag == "!" || tag == "tag:yaml.org,2002:str";
}

/// Converts strategy parameters to JSON, guessing each plain scalar's type
/// in the order whole number, real number, true/false, text.
nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& item : node) {
        out[item.first.Scalar()] = to_json(item.second);
      }
      return out;
    }
    case YAML::NodeType::Scalar:
      break;
    default:
      return nullptr;
  }
  const std::string& text = node.Scalar();
  if (is_quoted(node)) return text;
  std::int64_t whole = 0;
  if (parse_whole(text, whole)) return whole;
  double real = 0;
  if (parse_real(text, real) && std::isfinite(real)) return real;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return text;
}

/// Writes `node` back as YAML, keeping quoted scalars quoted so that the
/// text reads back with the same types.
void emit(YAML::Emitter& out, const YAML::Node& node) {
  auto style =
      node.Style() == YAML::EmitterStyle::Flow ? YAML::Flow : YAML::Block;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      if (is_quoted(node)) out << YAML::DoubleQuoted;
      out << node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out << style << YAML::BeginSeq;
      for (const auto& item : node) emit(out, item);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Map:
      out << style << YAML::BeginMap;
      for (const auto& item : node) {
        out << YAML::Key;
        emit(out, item.first);
        out << YAML::Value;
        emit(out, item.second);
      }
      out << YAML::EndMap;
      break;
    default:
      out << YAML::Null;
  }
}

/// Reads typed values out of the YAML tree and reports problems at their
/// place: file, line and column, or the --set override that supplied the
/// value.
class ConfigReader {
 public:
  explicit ConfigReader(const fs::path& file)
      : file_(file.string()), folder_(file.parent_path()) {}

  /// Marks `node` and everything inside it as coming from `assignment`.
  void note_override(const YAML::Node& node, const std::string& assignment);

  /// True when `node` was put in the tree by a --set override.
  bool from_override(const YAML::Node& node) const;
  std::string locate(const YAML::Node& node) const;
  [[noreturn]] void fail(const YAML::Node& node,
                         const std::string& message) const {
    throw InputError(locate(node) + message);
  }
  [[noreturn]] void fail_file(const std::string& message) const {
    throw InputError(where(file_) + message);
  }

  /// The mapping `name` of `parent`: an empty one when absent or empty.
  YAML::Node section(const YAML::Node& parent, const std::string& name,
                     const std::string& key) const;
  /// Rejects keys of `map` outside `known`, and repeated keys.
  void check_keys(const YAML::Node& map, const std::string& key,
                  const std::vector<std::string>& known) const;

  // Typed values. `key` is the dotted name used in messages, the same one
  // --set takes.
  std::string text(const YAML::Node& node, const std::string& key) const;
  std::vector<std::string> text_list(const YAML::Node& node,
                                     const std::string& key) const;
  std::string choice(const YAML::Node& node, const std::string& key,
                     const std::vector<std::string>& options) const;
  double number(const YAML::Node& node, const std::string& key) const;
  std::int64_t whole(const YAML::Node& node, const std::string& key,
                     std::int64_t min) const;
  bool flag(const YAML::Node& node, const std::string& key) const;

  /// `text` as a path: relative ones are taken from the config's folder.
  fs::path resolve(const std::string& text) const {
    fs::path p(text);
    return p.is_absolute() ? p : (folder_ / p).lexically_normal();
  }

 private:
  std::string file_;
  fs::path folder_;
  std::vector<std::pair<YAML::Node, std::string>> overridden_;
};

void ConfigReader::note_override(const YAML::Node& node,
                                 const std::string& assignment) {
  overridden_.emplace_back(node, assignment);
  if (node.IsSequence()) {
    for (const auto& item : node) note_override(item, assignment);
  } else if (node.IsMap()) {
    for (const auto& item : node) note_override(item.second, assignment);
  }
}

bool ConfigReader::from_override(const YAML::Node& node) const {
  if (!node.IsDefined()) return false;
  for (const auto& entry : overridden_) {
    if (entry.first.is(node)) return true;
  }
  return false;
}

std::string ConfigReader::locate(const YAML::Node& node) const {
  if (!node.IsDefined()) return where(file_);
  for (const auto& [overridden, assignment] : overridden_) {
    if (overridden.is(node)) {
      return where(file_) + "--set " + assignment + ": ";
    }
  }
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return where(file_);
  return where(file_, static_cast<std::size_t>(mark.line) + 1,
               static_cast<std::size_t>(mark.column) + 1);
}

YAML::Node ConfigReader::section(const YAML::Node& parent,
                                 const std::string& name,
                                 const std::string& key) const {
  const YAML::Node& constant = parent;
  YAML::Node node = constant[name];
  if (!node.IsDefined() || node.IsNull()) {
    return YAML::Node(YAML::NodeType::Map);
  }
  if (!node.IsMap()) {
    fail(node, "'" + key + "' must be a mapping of keys to values, got " +
                   describe(node));
  }
  return node;
}

void ConfigReader::check_keys(const YAML::Node& map, const std::string& key,
                              const std::vector<std::string>& known) const {
  std::string in = key.empty() ? "at the top level" : "in '" + key + "'";
  std::vector<std::pair<std::string, YAML::Node>> seen;
  for (const auto& item : map) {
    // An override's key node carries no place; its value names the --set.
    YAML::Node place = from_override(item.second) ? item.second : item.first;
    if (!item.first.IsScalar()) {
      fail(place,
           "keys " + in + " must be plain words, got " + describe(item.first));
    }
    const std::string& name = item.first.Scalar();
    for (const auto& [other, other_place] : seen) {
      if (other != name) continue;
      fail(place, "duplicate key '" + name + "' " + in + " (first at line " +
                      std::to_string(other_place.Mark().line + 1) + ")");
    }
    seen.emplace_back(name, item.first);
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = "unknown key '" + name + "' " + in;
    std::string hint = nearest_word(name, known);
    if (!hint.empty()) {
      message += " (did you mean '" + hint + "'?)";
    } else {
      message += "; the keys are: " + join(known);
    }
    fail(place, message);
  }
}

std::string ConfigReader::text(const YAML::Node& node,
                               const std::string& key) const {
  if (node.IsNull()) return "";
  if (!node.IsScalar()) {
    fail(node, "'" + key + "' must be text, got " + describe(node));
  }
  return node.Scalar();
}

std::vector<std::string> ConfigReader::text_list(const YAML::Node& node,
                                                 const std::string& key) const {
  if (node.IsNull()) return {};
  if (!node.IsSequence()) {
    fail(node, "'" + key + "' must be a list, got " + describe(node));
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    out.push_back(text(node[i], key + "." + std::to_string(i)));
  }
  return out;
}

std::string ConfigReader::choice(
    const YAML::Node& node, const std::string& key,
    const std::vector<std::string>& options) const {
  std::string value = text(node, key);
  if (std::find(options.begin(), options.end(), value) != options.end()) {
    return value;
  }
  std::string message = "'" + key + "' must be one of " + join(options) +
                        "; got " + describe(node);
  std::string hint = nearest_word(value, options);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  fail(node, message);
}

double ConfigReader::number(const YAML::Node& node,
                            const std::string& key) const {
  double value = 0;
  if (!node.IsScalar() || !parse_real(node.Scalar(), value)) {
    fail(node, "'" + key + "' must be a number, got " + describe(node));
  }
  if (!std::isfinite(value)) {
    fail(node, "'" + key + "' must be a finite number, got " + describe(node));
  }
  return value;
}

std::int64_t ConfigReader::whole(const YAML::Node& node, const std::string& key,
                                 std::int64_t min) const {
  std::int64_t value = 0;
  if (!node.IsScalar() || !parse_whole(node.Scalar(), value)) {
    fail(node, "'" + key + "' must be a whole number, got " + describe(node));
  }
  if (value < min) {
    fail(node, "'" + key + "' must be at least " + std::to_string(min) +
                   ", got " + describe(node));
  }
  return value;
}

bool ConfigReader::flag(const YAML::Node& node, const std::string& key) const {
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    fail(node, "'" + key + "' must be true or false, got " + describe(node));
  }
  return value;
}

/// Calls `read(value, "section.key")` for each key of `map` that is present,
/// so each section lists only what it does with a value.
template <typename Read>
void for_each_key(const YAML::Node& map, const std::string& section,
                  Read read) {
  for (const auto& item : map) {
    read(item.first.Scalar(), item.second, section + "." + item.first.Scalar());
  }
}

// ---- One function per section ----

void read_data(const ConfigReader& r, const YAML::Node& root,
               ExperimentConfig& config) {
  YAML::Node data = r.section(root, "data", "data");
  r.check_keys(data, "data", kDataKeys);
  bool has_path = false;
  for_each_key(data, "data",
               [&](const std::string& name, const YAML::Node& v,
                   const std::string& key) {
                 if (name == "path") {
                   std::string path = r.text(v, key);
                   if (path.empty()) r.fail(v, "'data.path' is empty");
                   config.data_path = r.resolve(path);
                   has_path = true;
                 } else if (name == "label_column") {
                   config.csv.label_column = r.text(v, key);
                   if (config.csv.label_column.empty())
                     r.fail(v, "'" + key + "' is empty");
                 } else if (name == "drop_columns") {
                   config.csv.drop_columns = r.text_list(v, key);
                 } else if (name == "weight_column") {
                   config.csv.weight_column = r.text(v, key);
                 }
               });
  if (!has_path) {
    r.fail_file("missing 'data.path': the feature CSV to read");
  }
}

void read_split(const ConfigReader& r, const YAML::Node& root,
                SplitSpec& split) {
  YAML::Node node = r.section(root, "split", "split");
  r.check_keys(node, "split", kSplitKeys);
  for_each_key(node, "split",
               [&](const std::string& name, const YAML::Node& v,
                   const std::string& key) {
                 if (name == "test_fraction") {
                   split.test_fraction = r.number(v, key);
                   if (split.test_fraction <= 0 || split.test_fraction >= 1) {
                     r.fail(v, "'" + key +
                                   "' must be between 0 and 1 (both excluded), "
                                   "got " +
                                   describe(v));
                   }
                 } else if (name == "stratify") {
                   split.stratify = r.flag(v, key);
                 } else if (name == "seed") {
                   split.seed = static_cast<std::uint64_t>(r.whole(v, key, 0));
                 }
               });
}

void read_model(const ConfigReader& r, const YAML::Node& root,
                TrainingOptions& training) {
  YAML::Node node = r.section(root, "model", "model");
  r.check_keys(node, "model", kModelKeys);
  const YAML::Node& constant = node;
  YAML::Node hidden = constant["hidden"];
  if (!hidden.IsDefined()) return;
  if (!hidden.IsSequence() || hidden.size() == 0) {
    r.fail(hidden,
           "'model.hidden' must list the width of each hidden "
           "layer, e.g. [16, 8]; got " +
               describe(hidden));
  }
  training.hidden.clear();
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    std::string key = "model.hidden." + std::to_string(i);
    training.hidden.push_back(
        static_cast<std::size_t>(r.whole(hidden[i], key, 1)));
  }
}

void read_training(const ConfigReader& r, const YAML::Node& root,
                   TrainingOptions& training) {
  YAML::Node node = r.section(root, "training", "training");
  r.check_keys(node, "training", kTrainingKeys);
  for_each_key(
      node, "training",
      [&](const std::string& name, const YAML::Node& v,
          const std::string& key) {
        if (name == "learning_rate") {
          training.learning_rate = r.number(v, key);
          if (training.learning_rate <= 0) {
            r.fail(v, "'" + key + "' must be > 0, got " + describe(v));
          }
        } else if (name == "batch_size") {
          training.batch_size = static_cast<std::size_t>(r.whole(v, key, 1));
        } else if (name == "epochs") {
          training.epochs = static_cast<std::size_t>(r.whole(v, key, 1));
        } else if (name == "seed") {
          training.seed = static_cast<std::uint64_t>(r.whole(v, key, 0));
        }
      });
}

void read_evaluation(const ConfigReader& r, const YAML::Node& root,
                     EvaluationSpec& evaluation) {
  YAML::Node node = r.section(root, "evaluation", "evaluation");
  r.check_keys(node, "evaluation", kEvaluationKeys);
  for_each_key(
      node, "evaluation",
      [&](const std::string& name, const YAML::Node& v,
          const std::string& key) {
        if (name == "mode") {
          evaluation.mode = r.choice(v, key, kEvaluationModes);
        } else if (name == "repeats") {
          evaluation.repeats = static_cast<std::size_t>(r.whole(v, key, 1));
        } else if (name == "folds") {
          evaluation.folds = static_cast<std::size_t>(r.whole(v, key, 2));
        } else if (name == "primary_metric") {
          evaluation.primary_metric = r.choice(v, key, metric_names());
        }
      });
}

/// A number between 0 and 1; `bounds` says which ends are excluded, as in
/// interval notation ("(]" for 0 < x <= 1).
double ranged(const ConfigReader& r, const YAML::Node& v,
              const std::string& key, const char* bounds) {
  double x = r.number(v, key);
  bool low_ok = bounds[0] == '(' ? x > 0 : x >= 0;
  bool high_ok = bounds[1] == ')' ? x < 1 : x <= 1;
  if (low_ok && high_ok) return x;
  std::string range = std::string(bounds[0] == '(' ? "> 0" : ">= 0") + " and " +
                      (bounds[1] == ')' ? "< 1" : "<= 1");
  r.fail(v, "'" + key + "' must be " + range + ", got " + describe(v));
}

/// The metrics a threshold can be tuned for: all but the ranking metrics,
/// which do not depend on the threshold.
std::vector<std::string> threshold_metrics() {
  std::vector<std::string> out;
  for (const auto& name : metric_names()) {
    if (name != "roc_auc" && name != "pr_auc") out.push_back(name);
  }
  return out;
}

void read_threshold(const ConfigReader& r, const YAML::Node& root,
                    ThresholdSpec& threshold) {
  YAML::Node node = r.section(root, "threshold", "threshold");
  r.check_keys(node, "threshold", kThresholdKeys);
  for_each_key(node, "threshold",
               [&](const std::string& name, const YAML::Node& v,
                   const std::string& key) {
                 if (name == "mode") {
                   threshold.mode = r.choice(v, key, kThresholdModes);
                 } else if (name == "value") {
                   threshold.value = ranged(r, v, key, "[]");
                 } else if (name == "metric") {
                   threshold.metric = r.choice(v, key, threshold_metrics());
                 } else if (name == "target_recall") {
                   threshold.target_recall = ranged(r, v, key, "(]");
                 } else if (name == "validation_fraction") {
                   threshold.validation_fraction = ranged(r, v, key, "()");
                 }
               });
}

void read_plugins(const ConfigReader& r, const YAML::Node& root,
                  std::vector<fs::path>& search_path) {
  YAML::Node node = r.section(root, "plugins", "plugins");
  r.check_keys(node, "plugins", kPluginsKeys);
  const YAML::Node& constant = node;
  YAML::Node folders = constant["search_path"];
  if (!folders.IsDefined()) return;
  for (const auto& folder : r.text_list(folders, "plugins.search_path")) {
    search_path.push_back(r.resolve(folder));
  }
}

/// A plugin given as a file (it has a slash or ends in .so) is found
/// relative to the config, like every other path in it.
bool names_a_file(const std::string& plugin) {
  auto ends_with = [&](const std::string& end) {
    return plugin.size() >= end.size() &&
           plugin.compare(plugin.size() - end.size(), end.size(), end) == 0;
  };
  return plugin.find('/') != std::string::npos || ends_with(".so");
}

/// Report labels become file names in the output folder.
bool valid_strategy_name(const std::string& name) {
  if (name.empty() || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           c == '-' || c == '.' || c == '+';
  });
}

/// Sets the strategy's plugin (and default name) from `plugin`.
void set_plugin(const ConfigReader& r, const YAML::Node& plugin,
                const std::string& key, StrategySpec& spec) {
  spec.plugin = spec.name = r.text(plugin, key);
  if (spec.plugin.empty()) r.fail(plugin, "'" + key + "' is empty");
  if (!names_a_file(spec.plugin)) return;
  std::string stem = fs::path(spec.plugin).stem().string();
  if (stem.rfind("shoal_", 0) == 0) stem.erase(0, 6);
  spec.name = stem;
  spec.plugin = r.resolve(spec.plugin).string();
}

void read_strategy_entry(const ConfigReader& r, const YAML::Node& v,
                         const std::string& key, StrategySpec& spec) {
  r.check_keys(v, key, kStrategyKeys);
  const YAML::Node& entry = v;
  YAML::Node plugin = entry["plugin"];
  if (!plugin.IsDefined()) {
    r.fail(v, "'" + key + "' has no 'plugin': name the plugin to load");
  }
  set_plugin(r, plugin, key + ".plugin", spec);
  for_each_key(
      v, key,
      [&](const std::string& name, const YAML::Node& value,
          const std::string& field) {
        if (name == "name") {
          spec.name = r.text(value, field);
        } else if (name == "seed") {
          spec.seed = static_cast<std::uint64_t>(r.whole(value, field, 0));
        } else if (name == "params" && !value.IsNull()) {
          if (!value.IsMap()) {
            r.fail(value, "'" + field +
                              "' must be a mapping of parameter names "
                              "to values, got " +
                              describe(value));
          }
          spec.params = to_json(value);
          for (const auto& item : value) {
            // A --set value marks the value, not its key.
            const YAML::Node& at =
                r.from_override(item.second) ? item.second : item.first;
            spec.param_places[item.first.Scalar()] = r.locate(at);
          }
        }
      });
}

/// The node that gave a strategy its name, for duplicate-name messages.
YAML::Node name_node(const YAML::Node& entry) {
  if (!entry.IsMap()) return entry;
  const YAML::Node& constant = entry;
  YAML::Node name = constant["name"];
  return name.IsDefined() ? name : constant["plugin"];
}

StrategySpec read_strategy(const ConfigReader& r, const YAML::Node& v,
                           std::size_t index) {
  std::string key = "strategies." + std::to_string(index);
  StrategySpec spec;
  spec.place = r.locate(v);
  spec.seed =
      static_cast<std::uint64_t>(kFirstStrategySeed) + index;  // default
  if (v.IsScalar()) {
    set_plugin(r, v, key, spec);
  } else if (v.IsMap()) {
    read_strategy_entry(r, v, key, spec);
  } else {
    r.fail(v, "'" + key +
                  "' must be a plugin name or a mapping with "
                  "'plugin', got " +
                  describe(v));
  }
  if (!valid_strategy_name(spec.name)) {
    r.fail(name_node(v), "strategy name '" + spec.name +
                             "' may hold only "
                             "letters, digits, '_', '-', '.' and '+' and must "
                             "not start with '.'");
  }
  return spec;
}

void read_strategies(const ConfigReader& r, const YAML::Node& root,
                     std::vector<StrategySpec>& strategies) {
  const YAML::Node& constant = root;
  YAML::Node list = constant["strategies"];
  if (!list.IsDefined()) {
    r.fail_file(
        "missing 'strategies': list the imbalance strategies to "
        "compare, e.g. '- none'");
  }
  if (!list.IsNull() && !list.IsSequence()) {
    r.fail(list, "'strategies' must be a list, got " + describe(list));
  }
  if (list.size() == 0) {
    r.fail(list,
           "'strategies' is empty; list at least one strategy, e.g. "
           "'- none'");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    StrategySpec spec = read_strategy(r, list[i], i);
    for (std::size_t j = 0; j < strategies.size(); ++j) {
      if (strategies[j].name != spec.name) continue;
      r.fail(name_node(list[i]), "duplicate strategy name '" + spec.name +
                                     "' (also " + "strategies." +
                                     std::to_string(j) +
                                     "); give one of them "
                                     "a different 'name'");
    }
    strategies.push_back(std::move(spec));
  }
}

// ---- --set overrides ----

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

/// Applies one "dotted.key=value" to the tree. A list is entered by index
/// (strategies.1.seed=5); missing mappings on the way are created, so that
/// an unknown key is reported by the same checks as one in the file.
void apply_override(ConfigReader& r, YAML::Node& root,
                    const std::string& assignment) {
  auto fail = [&](const std::string& problem) {
    r.fail_file("--set " + assignment + ": " + problem);
  };
  std::size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    fail("expected key=value, e.g. training.epochs=50");
  }
  std::string key = assignment.substr(0, eq);
  key.erase(key.find_last_not_of(" \t") + 1);
  std::vector<std::string> parts = split_key(key);
  for (const auto& part : parts) {
    if (part.empty()) fail("the key has an empty part");
  }
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::ParserException& e) {
    fail("the value is not valid YAML: " + e.msg);
  }

  YAML::Node node = root;
  std::string path;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    bool last = i + 1 == parts.size();
    YAML::Node child;
    if (node.IsSequence()) {
      std::int64_t index = -1;
      if (!parse_whole(part, index) || index < 0 ||
          static_cast<std::size_t>(index) >= node.size()) {
        fail("'" + path + "' is a list of " + std::to_string(node.size()) +
             "; '" + part + "' is not one of its indices");
      }
      child.reset(node[static_cast<std::size_t>(index)]);
    } else if (node.IsMap()) {
      child.reset(node[part]);
    } else {
      fail("'" + path + "' holds " + describe(node) +
           ", not a mapping, so "
           "it has no key '" +
           part + "'");
    }
    path += (path.empty() ? "" : ".") + part;
    if (last) {
      child = value;  // assigns through to the entry in the tree
    } else if (!child.IsDefined() || child.IsNull()) {
      child = YAML::Node(YAML::NodeType::Map);
      r.note_override(child, assignment);
    }
    node.reset(child);
  }
  r.note_override(value, assignment);
}

YAML::Node parse(const ConfigReader& r, const std::string& text,
                 const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(where(file, static_cast<std::size_t>(e.mark.line) + 1,
                           static_cast<std::size_t>(e.mark.column) + 1) +
                     "invalid YAML: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) {
    return YAML::Node(YAML::NodeType::Map);
  }
  if (!root.IsMap()) {
    r.fail(root,
           "the config must be a mapping of sections (data, "
           "strategies, ...), got " +
               describe(root));
  }
  return root;
}

}  // namespace

nlohmann::json parse_param_value(const std::string& text) {
  try {
    return to_json(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    throw InputError("'" + text + "' is not a YAML value: " + e.msg);
  }
}

std::string StrategySpec::place_of(const std::string& key) const {
  auto found = param_places.find(key);
  return found != param_places.end() ? found->second : place;
}

ExperimentConfig load_config(const fs::path& path,
                             const std::vector<std::string>& overrides) {
  ConfigReader reader(path);
  YAML::Node root = parse(reader, read_file(path), path.string());
  for (const auto& assignment : overrides) {
    apply_override(reader, root, assignment);
  }

  ExperimentConfig config;
  config.source = path;
  YAML::Emitter out;
  emit(out, root);
  config.text = std::string(out.c_str()) + "\n";

  reader.check_keys(root, "", kSections);
  read_data(reader, root, config);
  read_split(reader, root, config.split);
  read_model(reader, root, config.training);
  read_training(reader, root, config.training);
  read_evaluation(reader, root, config.evaluation);
  read_threshold(reader, root, config.threshold);
  read_plugins(reader, root, config.plugin_search_path);
  read_strategies(reader, root, config.strategies);
  return config;
}

}  // namespace shoal
