#include "shoal/io.hpp"

#include <unistd.h>

#include <cstdint>
#include <sstream>
#include <system_error>

#include "shoal/error.hpp"

namespace shoal {

namespace fs = std::filesystem;

AtomicFile::AtomicFile(fs::path path) : path_(std::move(path)) {
  if (path_.filename().empty()) {
    throw InputError("cannot write '" + path_.string() + "': not a file name");
  }
  fs::path folder = path_.parent_path().empty() ? "." : path_.parent_path();
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw InputError("cannot write '" + path_.string() + "': folder '" +
                     folder.string() + "' does not exist");
  }
  temp_ = folder / ("." + path_.filename().string() + ".tmp" +
                    std::to_string(::getpid()) + "." +
                    std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    throw InputError("cannot write '" + path_.string() +
                     "': permission denied or read-only folder");
  }
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  fs::remove(temp_, ignored);
}

void AtomicFile::commit() {
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  std::error_code ec;
  if (ok) fs::rename(temp_, path_, ec);
  if (!ok || ec) {
    fs::remove(temp_, ec);
    throw RunError("failed to write '" + path_.string() + "'");
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
