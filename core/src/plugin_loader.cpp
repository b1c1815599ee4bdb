#include "shoal/plugin_loader.hpp"

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <set>
#include <sstream>
#include <system_error>

#include "shoal/error.hpp"

namespace shoal {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFilePrefix = "shoal_";
constexpr const char* kFileSuffix = ".so";

/// The strategy name a plugin file stands for, or "" if it is not one.
std::string name_of(const fs::path& file) {
  std::string base = file.filename().string();
  std::string prefix = kFilePrefix, suffix = kFileSuffix;
  if (base.size() <= prefix.size() + suffix.size()) return "";
  if (base.compare(0, prefix.size(), prefix) != 0) return "";
  if (base.compare(base.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return "";
  }
  return base.substr(prefix.size(),
                     base.size() - prefix.size() - suffix.size());
}

}  // namespace

/// Keeps the library mapped for as long as any strategy made from it lives:
/// a strategy's vtable and code are inside the library.
struct LoadedPlugin::Library {
  boost::dll::shared_library handle;
};

LoadedPlugin::LoadedPlugin(const fs::path& file)
    : library_(std::make_shared<Library>()), file_(file) {
  const std::string where = "plugin '" + file.string() + "'";
  std::error_code exists_error;
  if (!fs::is_regular_file(file, exists_error)) {
    throw InputError(where + ": no such file");
  }
  try {
    library_->handle.load(
        boost::dll::fs::path(file.string()),
        boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  } catch (const std::exception& e) {
    throw InputError(where + " cannot be loaded: " + e.what());
  }
  auto& lib = library_->handle;
  for (const char* symbol : {"shoal_strategy_api_version",
                             "shoal_strategy_info", "shoal_strategy_create"}) {
    if (!lib.has(symbol)) {
      throw InputError(where +
                       " is not a shoal strategy plugin: it does not "
                       "export '" +
                       std::string(symbol) +
                       "' (define the strategy with SHOAL_STRATEGY_PLUGIN)");
    }
  }
  // The version is checked before anything else is called: the other entry
  // points use types whose layout may differ between versions.
  api_version_ = lib.get<int()>("shoal_strategy_api_version")();
  if (api_version_ != kStrategyApiVersion) {
    throw InputError(where + " was built for plugin API version " +
                     std::to_string(api_version_) + ", but this shoal uses " +
                     "version " + std::to_string(kStrategyApiVersion) +
                     "; rebuild the plugin against this shoal");
  }
  info_ = lib.get<const StrategyInfo*()>("shoal_strategy_info")();
  if (info_ == nullptr || info_->name == nullptr || info_->summary == nullptr ||
      info_->version == nullptr) {
    throw InputError(where +
                     " returned no strategy info, or info without "
                     "a name, summary or version");
  }
}

LoadedPlugin::~LoadedPlugin() = default;

void check_file_name(const LoadedPlugin& plugin) {
  std::string expected = name_of(plugin.file());
  if (expected.empty() || expected == plugin.info().name) return;
  throw InputError(
      plugin.file().string() + " calls itself '" + plugin.info().name +
      "', not '" + expected + "': name the file shoal_" + plugin.info().name +
      ".so, or build the plugin under the name '" + expected + "'");
}

std::shared_ptr<const Strategy> LoadedPlugin::create(
    const nlohmann::json& params) const {
  using Create = Strategy*(const nlohmann::json*);
  const std::string who = "plugin '" + std::string(info_->name) + "'";
  Strategy* raw = nullptr;
  try {
    raw = library_->handle.get<Create>("shoal_strategy_create")(&params);
  } catch (const InputError&) {
    throw;  // a bad parameter (ParamError), which names the strategy
  } catch (const std::exception& e) {
    // A bug in the plugin's constructor; say whose.
    throw RunError(who + " could not create its strategy: " + e.what());
  } catch (...) {
    throw RunError(who +
                   " threw an exception that is not a std::exception "
                   "while creating its strategy");
  }
  if (raw == nullptr) {
    throw RunError("plugin '" + std::string(info_->name) +
                   "' returned no strategy");
  }
  // The deleter holds the library, so it is unloaded after the strategy.
  auto library = library_;
  return std::shared_ptr<const Strategy>(
      raw, [library](const Strategy* s) { delete s; });
}

namespace {

/// `message`, prefixed with `who` unless it already names the plugin.
std::string naming_plugin(const std::string& who, const std::string& plugin,
                          const std::string& message) {
  if (message.find("'" + plugin + "'") != std::string::npos) return message;
  return who + ": " + message;
}

}  // namespace

Dataset apply_strategy(const Strategy& strategy, const std::string& plugin,
                       const Dataset& train, std::uint64_t seed) {
  const std::string who = "plugin '" + plugin + "'";
  Dataset out;
  try {
    out = strategy.apply(train, seed);
  } catch (const ParamError&) {
    throw;  // names the strategy and the key, which the caller may place
  } catch (const InputError& e) {
    throw InputError(naming_plugin(who, plugin, e.what()));
  } catch (const std::exception& e) {
    throw RunError(naming_plugin(who, plugin, e.what()));
  } catch (...) {
    throw RunError(who + " threw an exception that is not a std::exception");
  }
  if (out.feature_names != train.feature_names) {
    throw RunError(who + " changed the feature names or their count");
  }
  if (out.class_names != train.class_names) {
    throw RunError(who + " changed the class names");
  }
  out.validate(who);
  if (out.rows() == 0) throw RunError(who + " returned no rows");
  return out;
}

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& extra) {
  std::vector<fs::path> path = extra;
  if (const char* env = std::getenv("SHOAL_PLUGIN_PATH")) {
    std::stringstream folders(env);
    std::string folder;
    while (std::getline(folders, folder, ':')) {
      if (!folder.empty()) path.emplace_back(folder);
    }
  }
  fs::path program = boost::dll::program_location().parent_path().string();
  path.push_back(program / ".." / "plugins");
  path.push_back(program / ".." / "lib" / "shoal" / "plugins");
  // Installed plugins live in <libdir>/shoal/plugins next to libshoal,
  // whatever <libdir> is (lib, lib64, lib/x86_64-linux-gnu) and whichever
  // program loaded the library.
  fs::path library = boost::dll::this_line_location().parent_path().string();
  path.push_back(library / "shoal" / "plugins");
  std::vector<fs::path> unique;
  for (fs::path& p : path) {
    p = p.lexically_normal();
    if (std::find(unique.begin(), unique.end(), p) == unique.end()) {
      unique.push_back(p);
    }
  }
  return unique;
}

std::vector<fs::path> list_plugins(const std::vector<fs::path>& path) {
  std::vector<fs::path> found;
  std::set<std::string> names;
  for (const fs::path& folder : path) {
    std::error_code ec;
    std::vector<fs::path> here;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (!name_of(entry.path()).empty()) here.push_back(entry.path());
    }
    std::sort(here.begin(), here.end());
    for (const fs::path& file : here) {
      if (names.insert(name_of(file)).second) found.push_back(file);
    }
  }
  return found;
}

fs::path find_plugin(const std::string& name,
                     const std::vector<fs::path>& path) {
  bool is_path = name.find('/') != std::string::npos ||
                 (name.size() > 3 && name.substr(name.size() - 3) == ".so");
  if (is_path) return fs::path(name);
  for (const fs::path& folder : path) {
    fs::path file = folder / (kFilePrefix + name + kFileSuffix);
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) return file;
  }
  std::vector<std::string> available;
  for (const fs::path& file : list_plugins(path)) {
    available.push_back(name_of(file));
  }
  std::string message = "no strategy plugin named '" + name + "'";
  std::string hint = nearest_word(name, available);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  message += "; available:";
  for (const auto& a : available) message += " " + a;
  if (available.empty()) message += " none";
  message += "; searched:";
  for (const fs::path& folder : path) message += " " + folder.string();
  throw InputError(message);
}

}  // namespace shoal
