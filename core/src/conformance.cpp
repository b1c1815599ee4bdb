#include "shoal/conformance.hpp"

#include <cxxabi.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <typeinfo>

#include "shoal/error.hpp"
#include "shoal/params.hpp"
#include "shoal/plugin_loader.hpp"

namespace shoal {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------
// Built-in data sets

/// Draws computed from the raw 64-bit Mersenne Twister output, so the data
/// sets are the same with every standard library.
class PortableRandom {
 public:
  explicit PortableRandom(std::uint64_t seed) : engine_(seed) {}

  /// Uniform in (0, 1), never 0, so its logarithm is finite.
  double open_unit() {
    return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
  }
  double normal() {  // Box-Muller, one value of the pair
    double radius = std::sqrt(-2.0 * std::log(open_unit()));
    return radius * std::cos(6.283185307179586 * open_unit());
  }
  std::size_t below(std::size_t n) {  // n > 0; modulo bias is negligible
    return static_cast<std::size_t>(engine_() % n);
  }

 private:
  std::mt19937_64 engine_;
};

/// Two Gaussian clouds: abnormal rows centred at `centre`, normal rows at
/// `centre + gap` in every feature, each with standard deviation `spread`.
struct CloudSpec {
  std::size_t cols;
  std::size_t abnormal;
  std::size_t normal;
  double centre;
  double gap;
  double spread;
  std::uint64_t seed;
};

/// The clouds of `spec`, rows in a seeded random order, weights 1.
Dataset make_clouds(const CloudSpec& spec) {
  PortableRandom random(spec.seed);
  std::vector<int> labels(spec.abnormal, 0);
  labels.insert(labels.end(), spec.normal, 1);
  for (std::size_t i = labels.size(); i > 1; --i) {  // Fisher-Yates
    std::swap(labels[i - 1], labels[random.below(i)]);
  }
  Dataset data;
  for (std::size_t j = 0; j < spec.cols; ++j) {
    data.feature_names.push_back("f" + std::to_string(j));
  }
  data.class_names = {"abnormal", "normal"};
  data.features.reserve(labels.size() * spec.cols);
  std::vector<double> x(spec.cols);
  for (int label : labels) {
    for (double& v : x) {
      v = spec.centre + spec.gap * label + spec.spread * random.normal();
    }
    data.add_row(x.data(), label);
  }
  return data;
}

std::string describe_counts(const Dataset& data) {
  auto counts = data.class_counts();
  std::ostringstream text;
  text << data.cols() << " features, " << counts[1] << " normal, " << counts[0]
       << " abnormal";
  return text.str();
}

/// The "shifted" set: normal is the minority, weights vary, and three
/// minority rows appear twice.
Dataset make_shifted() {
  Dataset data = make_clouds({6, 40, 9, 50.0, 8.0, 10.0, 20260611});
  for (std::size_t i = 0; i < data.rows(); ++i) {
    data.weights[i] = 0.5 * static_cast<double>(1u << (i % 3));
  }
  std::vector<std::size_t> normal_rows;
  for (std::size_t i = 0; i < data.rows() && normal_rows.size() < 3; ++i) {
    if (data.labels[i] == 1) normal_rows.push_back(i);
  }
  for (std::size_t row : normal_rows) {
    std::vector<double> x(data.row(row), data.row(row) + data.cols());
    data.add_row(x.data(), 1, data.weights[row]);
  }
  return data;
}

// ---------------------------------------------------------------------------
// Moving results out of a child process

class Writer {
 public:
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void f64(double v) { raw(&v, sizeof v); }
  void text(const std::string& s) {
    u64(s.size());
    bytes_ += s;
  }
  void texts(const std::vector<std::string>& list) {
    u64(list.size());
    for (const auto& s : list) text(s);
  }
  template <typename T>
  void values(const std::vector<T>& list) {
    u64(list.size());
    raw(list.data(), list.size() * sizeof(T));
  }
  void dataset(const Dataset& d) {
    texts(d.feature_names);
    texts(d.class_names);
    values(d.features);
    values(d.labels);
    values(d.weights);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  void raw(const void* p, std::size_t n) {
    bytes_.append(static_cast<const char*>(p), n);
  }
  std::string bytes_;
};

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}

  std::uint64_t u64() { return pod<std::uint64_t>(); }
  double f64() { return pod<double>(); }
  std::string text() {
    std::size_t n = size(1);
    std::string s = bytes_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> list(size(8));
    for (auto& s : list) s = text();
    return list;
  }
  template <typename T>
  std::vector<T> values() {
    std::vector<T> list(size(sizeof(T)));
    take(list.data(), list.size() * sizeof(T));
    return list;
  }
  Dataset dataset() {
    Dataset d;
    d.feature_names = texts();
    d.class_names = texts();
    d.features = values<double>();
    d.labels = values<int>();
    d.weights = values<double>();
    return d;
  }

 private:
  template <typename T>
  T pod() {
    T v;
    take(&v, sizeof v);
    return v;
  }
  /// A count of items of `item` bytes each, checked against what is left.
  std::size_t size(std::size_t item) {
    std::uint64_t n = u64();
    if (n > (bytes_.size() - at_) / item) truncated();
    return static_cast<std::size_t>(n);
  }
  void take(void* p, std::size_t n) {
    if (n > bytes_.size() - at_) truncated();
    if (n > 0) std::memcpy(p, bytes_.data() + at_, n);
    at_ += n;
  }
  [[noreturn]] static void truncated() {
    throw RunError("plugin check: a child process sent a truncated result");
  }
  const std::string& bytes_;
  std::size_t at_ = 0;
};

// ---------------------------------------------------------------------------
// Running plugin code in a child process

/// How an isolated piece of work ended.
struct Isolated {
  enum class End { finished, crashed, hung, exited } end = End::finished;
  int signal = 0;       ///< for crashed
  int exit_status = 0;  ///< for exited
  std::string payload;  ///< what the work returned, for finished
};

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// Reads `fd` to its end; false when the deadline passes first.
bool read_until_end(int fd, std::string& into,
                    std::chrono::steady_clock::time_point deadline) {
  char buffer[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd wait{fd, POLLIN, 0};
    int ready = ::poll(
        &wait, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) return true;
    if (ready <= 0) continue;
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    into.append(buffer, static_cast<std::size_t>(n));
  }
}

/// Runs `work` in a forked child and collects what it returns. The child
/// ends with _exit(), so it runs no exit handlers of the parent's program.
Isolated run_in_child(const std::function<std::string()>& work,
                      double timeout_seconds) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw RunError(std::string("plugin check: pipe: ") + std::strerror(errno));
  }
  std::fflush(nullptr);  // or buffered output would be written twice
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw RunError(std::string("plugin check: fork: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    bool sent = write_all(fds[1], work());
    ::_exit(sent ? 0 : 3);
  }
  ::close(fds[1]);
  Isolated result;
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::duration<double>(timeout_seconds));
  if (!read_until_end(fds[0], result.payload, deadline)) {
    ::kill(child, SIGKILL);
    result.end = Isolated::End::hung;
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (result.end == Isolated::End::hung) return result;
  if (WIFSIGNALED(status)) {
    result.end = Isolated::End::crashed;
    result.signal = WTERMSIG(status);
  } else if (WEXITSTATUS(status) != 0 || result.payload.empty()) {
    result.end = Isolated::End::exited;
    result.exit_status = WEXITSTATUS(status);
  }
  return result;
}

Isolated run_isolated(const std::function<std::string()>& work,
                      const ConformanceOptions& options) {
  if (options.isolate) return run_in_child(work, options.timeout_seconds);
  Isolated result;
  result.payload = work();
  return result;
}

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  std::string name =
      abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
  const char* description = strsignal(signal);
  return description ? name + ", " + description : name;
}

/// What went wrong with an isolated call that did not finish, for reports.
std::string describe_end(const Isolated& run, double timeout_seconds) {
  std::ostringstream text;
  switch (run.end) {
    case Isolated::End::crashed:
      text << "crashed (" << signal_name(run.signal) << ")";
      break;
    case Isolated::End::hung:
      text << "did not return within " << timeout_seconds
           << " s and was stopped";
      break;
    case Isolated::End::exited:
      text << "ended the process (exit status " << run.exit_status
           << ") instead of returning";
      break;
    case Isolated::End::finished:
      break;
  }
  return text.str();
}

// ---------------------------------------------------------------------------
// Calls into the plugin

/// How a call into the plugin ended.
enum class Ending : std::uint64_t {
  returned,
  param_error,
  input_error,
  run_error,
  other_error,
  failed,  ///< crashed, hung or exited
};

/// One output of apply() and what went with it.
struct Application {
  std::uint64_t seed = 0;
  Dataset output;
  bool input_modified = false;
  double seconds = 0;
};

/// The result of creating a strategy and applying it to one data set with
/// a list of seeds.
struct PluginCall {
  Ending ending = Ending::returned;
  std::string error_type;  ///< e.g. "InputError", "std::out_of_range"
  std::string message;
  std::string key;  ///< for a ParamError
  std::vector<Application> applications;
};

std::string readable_type(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? name.get() : type.name();
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() ||
          std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

/// Equal bit for bit (so NaN equals the same NaN).
bool identical(const Dataset& a, const Dataset& b) {
  return a.feature_names == b.feature_names && a.class_names == b.class_names &&
         a.labels == b.labels && same_bits(a.features, b.features) &&
         same_bits(a.weights, b.weights);
}

void write_error(Writer& out, Ending ending, const std::string& type,
                 const std::string& message, const std::string& key = "") {
  out.u64(static_cast<std::uint64_t>(ending));
  out.text(type);
  out.text(message);
  out.text(key);
}

/// Applies `strategy` once per seed, each time to a fresh copy of `input`.
void write_applications(Writer& out, const Strategy& strategy,
                        const Dataset& input,
                        const std::vector<std::uint64_t>& seeds) {
  std::vector<Application> done;
  for (std::uint64_t seed : seeds) {
    Dataset copy = input;
    auto start = std::chrono::steady_clock::now();
    Dataset result = strategy.apply(copy, seed);
    std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - start;
    done.push_back(
        {seed, std::move(result), !identical(copy, input), took.count()});
  }
  out.u64(static_cast<std::uint64_t>(Ending::returned));
  out.u64(done.size());
  for (const Application& a : done) {
    out.u64(a.seed);
    out.u64(a.input_modified);
    out.f64(a.seconds);
    out.dataset(a.output);
  }
}

/// The body of a plugin call: never throws, whatever the plugin does.
std::string perform_call(const LoadedPlugin& plugin,
                         const nlohmann::json& params, const Dataset* input,
                         const std::vector<std::uint64_t>& seeds) {
  Writer out;
  try {
    auto strategy = plugin.create(params);
    if (input == nullptr) {
      out.u64(static_cast<std::uint64_t>(Ending::returned));
      out.u64(0);
    } else {
      write_applications(out, *strategy, *input, seeds);
    }
  } catch (const ParamError& e) {
    write_error(out, Ending::param_error, "ParamError", e.what(), e.key());
  } catch (const InputError& e) {
    write_error(out, Ending::input_error, "InputError", e.what());
  } catch (const RunError& e) {
    write_error(out, Ending::run_error, "RunError", e.what());
  } catch (const std::exception& e) {
    write_error(out, Ending::other_error, readable_type(typeid(e)), e.what());
  } catch (...) {
    write_error(out, Ending::other_error, "an exception of unknown type", "");
  }
  return out.bytes();
}

PluginCall parse_call(const std::string& payload) {
  Reader in(payload);
  PluginCall call;
  call.ending = static_cast<Ending>(in.u64());
  if (call.ending != Ending::returned) {
    call.error_type = in.text();
    call.message = in.text();
    call.key = in.text();
    return call;
  }
  call.applications.resize(in.u64());
  for (Application& a : call.applications) {
    a.seed = in.u64();
    a.input_modified = in.u64() != 0;
    a.seconds = in.f64();
    a.output = in.dataset();
  }
  return call;
}

/// Creates the strategy and applies it to `input` (if given) with each
/// seed, isolated as the options say.
PluginCall call_plugin(const LoadedPlugin& plugin, const nlohmann::json& params,
                       const Dataset* input,
                       const std::vector<std::uint64_t>& seeds,
                       const ConformanceOptions& options) {
  Isolated run = run_isolated(
      [&] { return perform_call(plugin, params, input, seeds); }, options);
  if (run.end != Isolated::End::finished) {
    PluginCall call;
    call.ending = Ending::failed;
    call.message = describe_end(run, options.timeout_seconds);
    return call;
  }
  return parse_call(run.payload);
}

/// "threw InputError: <message>" or "crashed (SIGSEGV, ...)".
std::string describe_failure(const PluginCall& call) {
  if (call.ending == Ending::failed) return call.message;
  std::string text = "threw " + call.error_type;
  if (!call.message.empty()) text += ": " + call.message;
  return text;
}

// ---------------------------------------------------------------------------
// Examining outputs

/// An output of apply() together with the input it came from.
struct Observation {
  std::string where;  ///< e.g. "clouds, seed 2"
  const Dataset* input;
  const Application* application;
  const Dataset& output() const { return application->output; }
};

std::string names_problem(const Observation& o) {
  const Dataset& in = *o.input;
  const Dataset& out = o.output();
  if (out.feature_names.size() != in.feature_names.size()) {
    return std::to_string(out.feature_names.size()) + " feature names for " +
           std::to_string(in.feature_names.size()) + " features";
  }
  if (out.feature_names != in.feature_names) return "feature names changed";
  if (out.class_names != in.class_names) {
    std::string text = "class names changed to";
    for (const auto& name : out.class_names) text += " '" + name + "'";
    return text;
  }
  return "";
}

std::string shape_problem(const Observation& o) {
  const Dataset& out = o.output();
  std::size_t rows = out.labels.size();
  std::size_t cols = o.input->cols();
  if (rows == 0) return "no rows returned";
  if (out.weights.size() != rows) {
    return std::to_string(out.weights.size()) + " weights for " +
           std::to_string(rows) + " labels";
  }
  if (out.features.size() != rows * cols) {
    return std::to_string(out.features.size()) + " feature values for " +
           std::to_string(rows) + " rows of " + std::to_string(cols) +
           " features";
  }
  return "";
}

std::string labels_problem(const Observation& o) {
  const Dataset& out = o.output();
  for (std::size_t i = 0; i < out.labels.size(); ++i) {
    int label = out.labels[i];
    if (label < 0 ||
        static_cast<std::size_t>(label) >= o.input->class_names.size()) {
      return "row " + std::to_string(i) + " has label " +
             std::to_string(label) + "; labels must be 0.." +
             std::to_string(o.input->class_names.size() - 1);
    }
  }
  return "";
}

std::string features_problem(const Observation& o) {
  const Dataset& out = o.output();
  std::size_t cols = std::max<std::size_t>(1, o.input->cols());
  for (std::size_t k = 0; k < out.features.size(); ++k) {
    if (std::isfinite(out.features[k])) continue;
    std::ostringstream text;
    text << "row " << k / cols << ", feature " << k % cols << " is "
         << out.features[k];
    return text.str();
  }
  return "";
}

std::string weights_problem(const Observation& o) {
  const Dataset& out = o.output();
  for (std::size_t i = 0; i < out.weights.size(); ++i) {
    double w = out.weights[i];
    if (std::isfinite(w) && w > 0) continue;
    std::ostringstream text;
    text << "row " << i << " has weight " << w;
    return text.str();
  }
  return "";
}

/// Share of the total weight held by rows of class `label`.
double weight_share(const Dataset& data, int label) {
  double of_class = 0, total = 0;
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    total += data.weights[i];
    if (data.labels[i] == label) of_class += data.weights[i];
  }
  return total > 0 ? of_class / total : 0;
}

/// The minority share can only be measured on outputs that are whole:
/// others fail row_shape, labels_valid or weights_positive instead.
bool measurable(const Observation& o) {
  return shape_problem(o).empty() && labels_problem(o).empty() &&
         weights_problem(o).empty();
}

std::string share_problem(const Observation& o) {
  if (!measurable(o)) return "";
  int minority = o.input->minority_class();
  double before = weight_share(*o.input, minority);
  double after = weight_share(o.output(), minority);
  if (after >= before * (1 - 1e-12)) return "";
  std::ostringstream text;
  text << "class '" << o.input->class_names[minority]
       << "' (the minority) fell from " << before << " to " << after
       << " of the total row weight";
  return text.str();
}

/// The first place where two outputs differ, for reports.
std::string first_difference(const Dataset& a, const Dataset& b) {
  if (a.labels.size() != b.labels.size()) {
    return std::to_string(a.labels.size()) + " rows, then " +
           std::to_string(b.labels.size());
  }
  if (a.feature_names != b.feature_names || a.class_names != b.class_names) {
    return "the names differ";
  }
  for (std::size_t i = 0; i < a.labels.size(); ++i) {
    if (a.labels[i] != b.labels[i]) {
      return "row " + std::to_string(i) + " has a different label";
    }
  }
  if (!same_bits(a.weights, b.weights)) return "the weights differ";
  for (std::size_t k = 0; k < std::min(a.features.size(), b.features.size());
       ++k) {
    if (std::memcmp(&a.features[k], &b.features[k], sizeof(double)) != 0) {
      std::size_t cols = std::max<std::size_t>(1, a.cols());
      return "row " + std::to_string(k / cols) + ", feature " +
             std::to_string(k % cols) + " differs";
    }
  }
  return "the feature values differ";
}

// ---------------------------------------------------------------------------
// The battery

const char* const kUnknownKey = "shoal_check_unknown_parameter";

/// Seeds of the main data sets: the first two are equal (determinism);
/// 1, 2, 3 and 2^32 + 1 differ, the last only above the low 32 bits.
const std::vector<std::uint64_t> kCloudSeeds = {1, 1, 2, 3,
                                                (std::uint64_t{1} << 32) + 1};
const std::vector<std::uint64_t> kShiftedSeeds = {7, 7};

/// "file_name" for shoal_file_name.so, "" for any other file name.
std::string name_from_file(const fs::path& file) {
  std::string base = file.filename().string();
  const std::string prefix = "shoal_", suffix = ".so";
  if (base.size() <= prefix.size() + suffix.size() ||
      base.compare(0, prefix.size(), prefix) != 0 ||
      base.compare(base.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return "";
  }
  return base.substr(prefix.size(),
                     base.size() - prefix.size() - suffix.size());
}

class Battery {
 public:
  Battery(fs::path file, ConformanceOptions options)
      : options_(std::move(options)) {
    report_.file = std::move(file);
  }

  ConformanceReport run() {
    if (!check_loads()) return skip_rest("the plugin did not load");
    check_identity();
    if (!check_creates()) return skip_rest("no strategy could be created");
    check_unknown_parameter();
    collect();
    check_applies();
    check_outputs();
    check_deterministic();
    check_seed_sensitivity();
    check_minority_share();
    check_tiny_minority();
    check_runtime();
    return report_;
  }

 private:
  void add(const std::string& name, CheckStatus status, std::string detail) {
    report_.checks.push_back({name, status, std::move(detail)});
  }
  void pass(const std::string& name, std::string detail) {
    add(name, CheckStatus::passed, std::move(detail));
  }
  void fail(const std::string& name, std::string detail) {
    add(name, CheckStatus::failed, std::move(detail));
  }
  void skip(const std::string& name, std::string detail) {
    add(name, CheckStatus::skipped, std::move(detail));
  }

  ConformanceReport skip_rest(const std::string& reason) {
    for (const std::string& name : conformance_check_names()) {
      if (!report_.find(name)) skip(name, "not run: " + reason);
    }
    return report_;
  }

  // loads ------------------------------------------------------------------

  /// Loads the file in a child first, so a library whose loading crashes
  /// is reported; then in this process, where the checks read its info.
  bool check_loads() {
    Isolated probe = run_isolated(
        [&] {
          try {
            LoadedPlugin plugin(report_.file);
            return std::string("ok");
          } catch (const std::exception& e) {
            return std::string("error: ") + e.what();
          }
        },
        options_);
    if (probe.end != Isolated::End::finished) {
      fail("loads", "loading the library " +
                        describe_end(probe, options_.timeout_seconds));
      return false;
    }
    if (probe.payload != "ok") {
      fail("loads", probe.payload.substr(7));
      return false;
    }
    plugin_ = std::make_unique<LoadedPlugin>(report_.file);
    const StrategyInfo& info = plugin_->info();
    pass("loads", "API version " + std::to_string(plugin_->api_version()) +
                      "; strategy '" + info.name + "' " + text(info.version) +
                      ": " + text(info.summary));
    return true;
  }

  static std::string text(const char* s) { return s ? s : "(null)"; }

  // identity ---------------------------------------------------------------

  void check_identity() {
    const StrategyInfo& info = plugin_->info();
    std::string name = info.name;
    std::string file_name = name_from_file(report_.file);
    static const std::regex valid("[a-z][a-z0-9_]*");
    if (!std::regex_match(name, valid)) {
      return fail("identity", "the name '" + name +
                                  "' is not a strategy name (lowercase "
                                  "letters, digits, underscores)");
    }
    if (!file_name.empty() && file_name != name) {
      return fail("identity",
                  "the plugin calls itself '" + name + "' but its file is " +
                      report_.file.filename().string() +
                      ", which configs load as '" + file_name + "'");
    }
    if (info.summary == nullptr || text(info.summary).empty()) {
      return fail("identity", "the summary is empty");
    }
    if (info.version == nullptr || text(info.version).empty()) {
      return fail("identity", "the version is empty");
    }
    std::string detail = "'" + name + "' " + info.version;
    if (file_name.empty()) {
      detail += "; the file is not named shoal_" + name +
                ".so, so it can only be loaded by its path";
    }
    pass("identity", detail);
  }

  // creation and parameters ------------------------------------------------

  bool check_creates() {
    PluginCall call =
        call_plugin(*plugin_, options_.params, nullptr, {}, options_);
    if (call.ending != Ending::returned) {
      fail("creates", "creating the strategy with parameters " +
                          options_.params.dump() + " " +
                          describe_failure(call));
      return false;
    }
    pass("creates", "created with parameters " + options_.params.dump());
    return true;
  }

  void check_unknown_parameter() {
    nlohmann::json params = options_.params;
    params[kUnknownKey] = 1;
    PluginCall call = call_plugin(*plugin_, params, nullptr, {}, options_);
    std::string given =
        std::string("the unknown parameter '") + kUnknownKey + "'";
    if (call.ending == Ending::returned) {
      return fail("rejects_unknown_parameter",
                  given +
                      " was accepted silently; read parameters "
                      "through shoal::Params and let "
                      "SHOAL_STRATEGY_PLUGIN call finish()");
    }
    if (call.ending != Ending::param_error) {
      return fail("rejects_unknown_parameter",
                  given + ": expected a ParamError, but the plugin " +
                      describe_failure(call));
    }
    if (call.key != kUnknownKey) {
      return fail("rejects_unknown_parameter",
                  given + " gave a ParamError about '" + call.key +
                      "' instead: " + call.message);
    }
    pass("rejects_unknown_parameter", call.message);
  }

  // collecting outputs -----------------------------------------------------

  struct Trial {
    ConformanceData data;
    std::vector<std::uint64_t> seeds;
    PluginCall call;
  };

  Trial attempt(ConformanceData data, std::vector<std::uint64_t> seeds) {
    Trial trial{std::move(data), std::move(seeds), {}};
    trial.call = call_plugin(*plugin_, options_.params, &trial.data.data,
                             trial.seeds, options_);
    return trial;
  }

  void collect() {
    auto main = conformance_datasets();
    main_.push_back(attempt(std::move(main[0]), kCloudSeeds));
    main_.push_back(attempt(std::move(main[1]), kShiftedSeeds));
    for (ConformanceData& data : tiny_minority_datasets(options_.params)) {
      tiny_.push_back(attempt(std::move(data), {11}));
    }
    runtime_ = std::make_unique<Trial>(
        attempt(runtime_dataset(options_.runtime_rows), {1}));
    for (const Trial* trial : trials()) observe(*trial);
  }

  std::vector<const Trial*> trials() const {
    std::vector<const Trial*> all;
    for (const Trial& t : main_) all.push_back(&t);
    for (const Trial& t : tiny_) all.push_back(&t);
    all.push_back(runtime_.get());
    return all;
  }

  void observe(const Trial& trial) {
    for (const Application& a : trial.call.applications) {
      observations_.push_back(
          {trial.data.label + ", seed " + std::to_string(a.seed),
           &trial.data.data, &a});
    }
  }

  // applies and the output checks ------------------------------------------

  void check_applies() {
    for (const Trial& trial : main_) {
      if (trial.call.ending == Ending::returned) continue;
      return fail("applies", "on " + trial.data.label + " the plugin " +
                                 describe_failure(trial.call));
    }
    pass("applies",
         "returned on " + main_[0].data.label + " and " + main_[1].data.label);
  }

  using Examine = std::string (*)(const Observation&);

  /// Fails `name` at the first output `examine` finds a problem with.
  void check_each_output(const std::string& name, Examine examine,
                         const std::string& passed) {
    if (observations_.empty()) {
      return skip(name, "no output to examine: apply() never returned");
    }
    for (const Observation& o : observations_) {
      std::string problem = examine(o);
      if (!problem.empty()) return fail(name, o.where + ": " + problem);
    }
    pass(name, passed + " in all " + std::to_string(observations_.size()) +
                   " outputs");
  }

  void check_outputs() {
    check_each_output("keeps_names", names_problem,
                      "feature and class names kept");
    check_each_output("row_shape", shape_problem,
                      "one label, one weight and one value per feature per "
                      "row");
    check_each_output("labels_valid", labels_problem,
                      "every label names a class");
    check_each_output("features_finite", features_problem,
                      "every feature value finite");
    check_each_output("weights_positive", weights_problem,
                      "every weight finite and > 0");
    check_input_unchanged();
  }

  void check_input_unchanged() {
    for (const Observation& o : observations_) {
      if (o.application->input_modified) {
        return fail("input_unchanged",
                    o.where +
                        ": apply() changed the Dataset it was given; "
                        "build the result in a new Dataset");
      }
    }
    if (observations_.empty()) {
      return skip("input_unchanged", "apply() never returned");
    }
    pass("input_unchanged", "the input was the same after every call");
  }

  // seeds ------------------------------------------------------------------

  void check_deterministic() {
    std::size_t compared = 0;
    for (const Trial& trial : main_) {
      const auto& runs = trial.call.applications;
      if (runs.size() < 2) continue;
      ++compared;
      if (identical(runs[0].output, runs[1].output)) continue;
      return fail("deterministic",
                  trial.data.label + ": two calls with seed " +
                      std::to_string(runs[0].seed) +
                      " gave different outputs (" +
                      first_difference(runs[0].output, runs[1].output) +
                      "); draw every random number from the seed");
    }
    if (compared == 0) return skip("deterministic", "apply() never returned");
    pass("deterministic", "the same seed gave the same output on " +
                              std::to_string(compared) + " data sets");
  }

  void check_seed_sensitivity() {
    const auto& runs = main_[0].call.applications;
    if (runs.size() < kCloudSeeds.size()) {
      return skip("seed_sensitivity",
                  "apply() did not return on " + main_[0].data.label);
    }
    std::vector<const Application*> distinct_seeds = {&runs[0], &runs[2],
                                                      &runs[3], &runs[4]};
    std::size_t equal_pairs = 0, pairs = 0;
    std::string example;
    for (std::size_t a = 0; a < distinct_seeds.size(); ++a) {
      for (std::size_t b = a + 1; b < distinct_seeds.size(); ++b) {
        ++pairs;
        if (!identical(distinct_seeds[a]->output, distinct_seeds[b]->output)) {
          continue;
        }
        ++equal_pairs;
        if (example.empty()) {
          example = "seeds " + std::to_string(distinct_seeds[a]->seed) +
                    " and " + std::to_string(distinct_seeds[b]->seed);
        }
      }
    }
    report_seed_sensitivity(equal_pairs, pairs, example);
  }

  void report_seed_sensitivity(std::size_t equal_pairs, std::size_t pairs,
                               const std::string& example) {
    if (equal_pairs == pairs) {
      return pass("seed_sensitivity",
                  "the output does not depend on the seed: a method that "
                  "draws no random numbers (or a fixed `seed` parameter)");
    }
    if (equal_pairs == 0) {
      return pass("seed_sensitivity",
                  "seeds 1, 2, 3 and 4294967297 gave four different outputs");
    }
    fail("seed_sensitivity",
         example +
             " gave the same output while other seeds differ: the "
             "plugin uses only part of the seed (all 64 bits should "
             "count, e.g. std::mt19937_64 engine(seed))");
  }

  // minority share ---------------------------------------------------------

  void check_minority_share() {
    if (plugin_->info().reduces_minority_share) {
      return pass("minority_share",
                  "not required: the plugin declares that it may lower the "
                  "minority share");
    }
    std::size_t measured = 0;
    for (const Observation& o : observations_) {
      if (!measurable(o)) continue;
      ++measured;
      std::string problem = share_problem(o);
      if (!problem.empty()) {
        return fail("minority_share",
                    o.where + ": " + problem +
                        "; a plugin that may do this must declare "
                        "reduces_minority_share");
      }
    }
    if (measured == 0) {
      return skip("minority_share", "no whole output to measure");
    }
    pass("minority_share",
         "the minority's share of the row weight did not "
         "fall in " +
             std::to_string(measured) + " outputs");
  }

  // tiny minorities --------------------------------------------------------

  void check_tiny_minority() {
    std::vector<std::string> outcomes;
    for (const Trial& trial : tiny_) {
      const PluginCall& call = trial.call;
      std::size_t minority = trial.data.data.class_counts()[0];
      std::string size =
          std::to_string(minority) + (minority == 1 ? " row" : " rows");
      if (call.ending == Ending::returned) {
        outcomes.push_back(
            size + ": a result of " +
            std::to_string(call.applications[0].output.labels.size()) +
            " rows");
        continue;
      }
      bool clear = (call.ending == Ending::input_error ||
                    call.ending == Ending::param_error) &&
                   !call.message.empty();
      if (!clear) {
        return fail("tiny_minority",
                    "with a minority of " + size + " the plugin " +
                        describe_failure(call) +
                        "; expected a valid result or an InputError saying "
                        "what would work");
      }
      outcomes.push_back(size + ": " + call.error_type + " \"" + call.message +
                         "\"");
    }
    std::string detail;
    for (const auto& o : outcomes) detail += (detail.empty() ? "" : "; ") + o;
    pass("tiny_minority", detail);
  }

  // runtime ----------------------------------------------------------------

  void check_runtime() {
    const PluginCall& call = runtime_->call;
    if (call.ending != Ending::returned) {
      return fail("runtime", "on " + runtime_->data.label + " the plugin " +
                                 describe_failure(call));
    }
    const Application& a = call.applications[0];
    std::ostringstream detail;
    detail.precision(3);
    detail << a.seconds << " s on " << runtime_->data.label << ", "
           << a.output.labels.size() << " rows out";
    pass("runtime", detail.str());
  }

  ConformanceOptions options_;
  ConformanceReport report_;
  std::unique_ptr<LoadedPlugin> plugin_;
  std::vector<Trial> main_;
  std::vector<Trial> tiny_;
  std::unique_ptr<Trial> runtime_;
  std::vector<Observation> observations_;
};

}  // namespace

bool ConformanceReport::passed() const {
  const CheckResult* loads = find("loads");
  if (loads == nullptr || loads->status != CheckStatus::passed) return false;
  return std::none_of(checks.begin(), checks.end(), [](const CheckResult& c) {
    return c.status == CheckStatus::failed;
  });
}

const CheckResult* ConformanceReport::find(const std::string& name) const {
  for (const CheckResult& check : checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

const std::vector<std::string>& conformance_check_names() {
  static const std::vector<std::string> names = {"loads",
                                                 "identity",
                                                 "creates",
                                                 "rejects_unknown_parameter",
                                                 "applies",
                                                 "keeps_names",
                                                 "row_shape",
                                                 "labels_valid",
                                                 "features_finite",
                                                 "weights_positive",
                                                 "input_unchanged",
                                                 "deterministic",
                                                 "seed_sensitivity",
                                                 "minority_share",
                                                 "tiny_minority",
                                                 "runtime"};
  return names;
}

std::vector<ConformanceData> conformance_datasets() {
  Dataset clouds = make_clouds({4, 30, 150, 0.0, 1.5, 1.0, 20260610});
  Dataset shifted = make_shifted();
  std::string clouds_label = "clouds (" + describe_counts(clouds) + ")";
  std::string shifted_label = "shifted (" + describe_counts(shifted) + ")";
  return {{clouds_label, std::move(clouds)},
          {shifted_label, std::move(shifted)}};
}

std::vector<ConformanceData> tiny_minority_datasets(
    const nlohmann::json& params) {
  // 5 and 6 rows meet the usual default of 5 neighbours at its edge; a
  // whole-number parameter (a neighbour count, most likely) gets its own
  // edge, v and v + 1 rows, while the minority stays below the 30 normal
  // rows.
  std::set<std::size_t> sizes = {1, 2, 5, 6};
  for (const auto& item : params.items()) {
    if (!item.value().is_number_integer()) continue;
    auto v = item.value().get<std::int64_t>();
    if (v < 1 || v > 28) continue;
    sizes.insert(static_cast<std::size_t>(v));
    sizes.insert(static_cast<std::size_t>(v) + 1);
  }
  std::vector<ConformanceData> sets;
  for (std::size_t minority : sizes) {
    Dataset data =
        make_clouds({3, minority, 30, 0.0, 1.0, 1.0, 100 + minority});
    std::string label = "minority of " + std::to_string(minority) + " (" +
                        describe_counts(data) + ")";
    sets.push_back({label, std::move(data)});
  }
  return sets;
}

ConformanceData runtime_dataset(std::size_t rows) {
  std::size_t abnormal = std::max<std::size_t>(1, rows / 20);
  std::size_t normal = rows > abnormal ? rows - abnormal : 1;
  Dataset data = make_clouds({8, abnormal, normal, 0.0, 1.0, 1.0, 424242});
  return {"runtime set (" + describe_counts(data) + ")", std::move(data)};
}

ConformanceReport check_plugin(const fs::path& file,
                               const ConformanceOptions& options) {
  return Battery(file, options).run();
}

}  // namespace shoal
