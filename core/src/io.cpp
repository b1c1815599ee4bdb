#include "shoal/io.hpp"

#include <unistd.h>

#include <cstdint>
#include <sstream>
#include <system_error>

#include "shoal/error.hpp"

namespace shoal {

namespace fs = std::filesystem;

namespace {

/// Why an existing `path` must not be replaced, or "" when it may be.
std::string replace_problem(const fs::path& path, const fs::file_status& st) {
  if (fs::is_directory(st)) return "it is a folder";
  if (!fs::is_regular_file(st)) return "";  // devices and pipes: written to
  constexpr auto writable =
      fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
  if ((st.permissions() & writable) == fs::perms::none ||
      ::access(path.c_str(), W_OK) != 0) {
    return "it is read-only";
  }
  return "";
}

}  // namespace

AtomicFile::AtomicFile(fs::path path) : path_(std::move(path)) {
  if (path_.filename().empty()) {
    throw InputError("cannot write '" + path_.string() + "': not a file name");
  }
  std::error_code ec;
  fs::file_status st = fs::status(path_, ec);
  if (fs::exists(st)) {
    std::string problem = replace_problem(path_, st);
    if (!problem.empty()) {
      throw InputError("cannot write '" + path_.string() + "': " + problem);
    }
    if (!fs::is_regular_file(st)) {
      // /dev/null, /dev/stdout, a named pipe: replacing it by renaming
      // would destroy it, so the data goes straight in.
      out_.open(path_, std::ios::binary);
      if (!out_) {
        throw InputError("cannot write '" + path_.string() + "'");
      }
      direct_ = true;
      return;
    }
  }
  // A link is followed: the file it points at is replaced, not the link.
  target_ = fs::is_symlink(fs::symlink_status(path_, ec))
                ? fs::weakly_canonical(path_, ec)
                : path_;
  if (ec || target_.empty()) target_ = path_;
  fs::path folder = target_.parent_path().empty() ? "." : target_.parent_path();
  if (!fs::is_directory(folder, ec)) {
    throw InputError("cannot write '" + path_.string() + "': folder '" +
                     folder.string() + "' does not exist");
  }
  temp_ = folder / ("." + target_.filename().string() + ".tmp" +
                    std::to_string(::getpid()) + "." +
                    std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    throw InputError("cannot write '" + path_.string() +
                     "': permission denied or read-only folder");
  }
}

AtomicFile::~AtomicFile() {
  if (committed_ || direct_) return;
  out_.close();
  std::error_code ignored;
  fs::remove(temp_, ignored);
}

void AtomicFile::commit() {
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  if (direct_) {
    if (!ok) throw RunError("failed to write '" + path_.string() + "'");
    committed_ = true;
    return;
  }
  std::error_code ec;
  if (ok) fs::rename(temp_, target_, ec);
  if (!ok || ec) {
    std::error_code ignored;
    fs::remove(temp_, ignored);
    throw RunError("failed to write '" + path_.string() + "'" +
                   (ec ? ": " + ec.message() : ""));
  }
  committed_ = true;
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  AtomicFile file(path);
  file.stream() << content;
  file.commit();
}

std::string read_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw InputError("cannot read '" + path.string() + "': it is a folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError("cannot open '" + path.string() +
                     "': no such file or not readable");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace shoal
