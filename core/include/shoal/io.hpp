#pragma once
/// File output that never leaves a half-written file behind.

#include <filesystem>
#include <fstream>
#include <string>

namespace shoal {

/// Writes to a temporary file next to `path` and renames it into place on
/// commit(). If the object is destroyed without commit() (an exception, an
/// early return) the temporary file is removed and `path` is untouched.
/// A symbolic link is followed, so the file it points at is replaced and
/// the link kept. A `path` that exists but is not a regular file (a device
/// such as /dev/null, a named pipe) is written directly, since renaming
/// over it would destroy it.
class AtomicFile {
 public:
  /// Opens the temporary file; throws InputError naming `path` when its
  /// folder does not exist or cannot be written, or `path` is a folder or
  /// a read-only file.
  explicit AtomicFile(std::filesystem::path path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  std::ofstream& stream() { return out_; }
  /// Flushes, closes and renames; throws RunError when the write failed.
  void commit();

 private:
  std::filesystem::path path_;    ///< as given, for messages
  std::filesystem::path target_;  ///< the file replaced on commit()
  std::filesystem::path temp_;
  std::ofstream out_;
  bool direct_ = false;  ///< writing straight into a device or pipe
  bool committed_ = false;
};

/// Writes `content` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path,
                           const std::string& content);

/// Reads a whole file; throws InputError naming the file when it cannot.
std::string read_file(const std::filesystem::path& path);

}  // namespace shoal
