// AtomicFile: a file appears whole or not at all, and what already stands at
// the path (a folder, a read-only file, a link, a pipe) is respected. Real
// files in a scratch folder.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "cli_testing.hpp"
#include "sampling_testing.hpp"
#include "shoal/error.hpp"
#include "shoal/io.hpp"

namespace shoal {
namespace {

namespace fs = std::filesystem;
using testing::input_error_of;
using testing::scratch_folder;
using testing::slurp;

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicFile, ReplacesAFileAndLeavesNoTemporary) {
  auto dir = scratch_folder("io_replace");
  std::ofstream(dir / "out.txt") << "old\n";
  write_file_atomically(dir / "out.txt", "new\n");
  EXPECT_EQ(slurp(dir / "out.txt"), "new\n");
  EXPECT_EQ(entries(dir), 1u);
}

TEST(AtomicFile, WithoutCommitThePathIsUntouched) {
  auto dir = scratch_folder("io_abandon");
  std::ofstream(dir / "out.txt") << "old\n";
  {
    AtomicFile file(dir / "out.txt");
    file.stream() << "half a line";
  }
  EXPECT_EQ(slurp(dir / "out.txt"), "old\n");
  EXPECT_EQ(entries(dir), 1u);
}

TEST(AtomicFile, MissingFolderIsNamed) {
  auto dir = scratch_folder("io_missing");
  fs::path path = dir / "no" / "out.txt";
  EXPECT_EQ(input_error_of([&] { AtomicFile file(path); }),
            "cannot write '" + path.string() + "': folder '" +
                (dir / "no").string() + "' does not exist");
}

TEST(AtomicFile, FolderIsNotReplaced) {
  auto dir = scratch_folder("io_folder");
  fs::create_directories(dir / "out.h");
  EXPECT_EQ(input_error_of([&] { AtomicFile file(dir / "out.h"); }),
            "cannot write '" + (dir / "out.h").string() + "': it is a folder");
  EXPECT_TRUE(fs::is_directory(dir / "out.h"));
}

TEST(AtomicFile, ReadOnlyFileIsNotReplaced) {
  // Renaming over a file needs only a writable folder, so without this
  // check a file its owner made read-only would be replaced.
  auto dir = scratch_folder("io_read_only");
  fs::path path = dir / "keep.h";
  std::ofstream(path) << "keep\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read |
                            fs::perms::others_read);
  EXPECT_EQ(input_error_of([&] { write_file_atomically(path, "x"); }),
            "cannot write '" + path.string() + "': it is read-only");
  EXPECT_EQ(slurp(path), "keep\n");
}

TEST(AtomicFile, LinkIsFollowedAndKept) {
  auto dir = scratch_folder("io_link");
  std::ofstream(dir / "real.csv") << "old\n";
  fs::create_symlink("real.csv", dir / "link.csv");
  write_file_atomically(dir / "link.csv", "new\n");
  EXPECT_TRUE(fs::is_symlink(dir / "link.csv"));
  EXPECT_EQ(slurp(dir / "real.csv"), "new\n");
  EXPECT_EQ(entries(dir), 2u);
}

TEST(AtomicFile, PipeIsWrittenIntoNotReplaced) {
  // A named pipe stands for /dev/stdout and its kind: renaming over it
  // would put a regular file in its place.
  auto dir = scratch_folder("io_pipe");
  fs::path pipe = dir / "pipe";
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = slurp(pipe); });
  write_file_atomically(pipe, "through the pipe\n");
  reader.join();
  EXPECT_EQ(received, "through the pipe\n");
  EXPECT_TRUE(fs::is_fifo(pipe));
  EXPECT_EQ(entries(dir), 1u);
}

}  // namespace
}  // namespace shoal
