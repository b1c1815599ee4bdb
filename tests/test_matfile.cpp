// Tests of the Fish4Knowledge .mat reader on files written here with matio
// in the layout of fishDetections_total3102.mat: the same rows as the
// equivalent tracks CSV, the accepted forms of classDescription, and errors
// that name the element and the field.

#include <gtest/gtest.h>
#include <matio.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "shoal/error.hpp"
#include "shoal/matfile.hpp"
#include "shoal/simulator.hpp"
#include "shoal/trajectory.hpp"

namespace shoal {
namespace {

namespace fs = std::filesystem;

/// How classDescription is stored: one char row for the whole trajectory,
/// a char matrix with one blank-padded row per detection, or a cell array
/// with one string per detection.
enum class TextForm { kRow, kPaddedMatrix, kCell };

/// One element of the struct array: numeric fields and text fields.
struct Element {
  std::map<std::string, std::vector<double>> numbers;
  std::map<std::string, std::vector<std::string>> texts;
};

/// The element the Fish4Knowledge file holds for `track`: one class number
/// and one description per detection, as the dataset page documents.
Element element_of(const Track& track) {
  Element e;
  const double class_number = track.label == "abnormal" ? 2 : 1;
  for (const Detection& d : track.detections) {
    e.numbers["frame_number"].push_back(static_cast<double>(d.frame));
    e.numbers["bounding_box_x"].push_back(d.x);
    e.numbers["bounding_box_y"].push_back(d.y);
    e.numbers["bounding_box_w"].push_back(d.w);
    e.numbers["bounding_box_h"].push_back(d.h);
    e.numbers["class"].push_back(class_number);
    e.texts["classDescription"].push_back(track.label);
  }
  return e;
}

matvar_t* column(const std::vector<double>& values) {
  std::size_t dims[2] = {values.size(), 1};
  return Mat_VarCreate(nullptr, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims,
                       const_cast<double*>(values.data()), 0);
}

matvar_t* char_row(const std::string& text) {
  std::size_t dims[2] = {1, text.size()};
  return Mat_VarCreate(nullptr, MAT_C_CHAR, MAT_T_UINT8, 2, dims,
                       const_cast<char*>(text.data()), 0);
}

matvar_t* padded_matrix(const std::vector<std::string>& rows) {
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.size());
  std::vector<char> data(rows.size() * width, ' ');
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      data[r + c * rows.size()] = rows[r][c];  // column-major
    }
  }
  std::size_t dims[2] = {rows.size(), width};
  return Mat_VarCreate(nullptr, MAT_C_CHAR, MAT_T_UINT8, 2, dims, data.data(),
                       0);
}

matvar_t* cell(const std::vector<std::string>& rows) {
  std::size_t dims[2] = {rows.size(), 1};
  matvar_t* out =
      Mat_VarCreate(nullptr, MAT_C_CELL, MAT_T_CELL, 2, dims, nullptr, 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Mat_VarSetCell(out, static_cast<int>(r), char_row(rows[r]));
  }
  return out;
}

matvar_t* text(const std::vector<std::string>& rows, TextForm form) {
  switch (form) {
    case TextForm::kRow:
      return char_row(rows.at(0));
    case TextForm::kPaddedMatrix:
      return padded_matrix(rows);
    case TextForm::kCell:
      return cell(rows);
  }
  return nullptr;
}

/// Writes `elements` as a 1 x n struct array named `variable`, its fields
/// those of the first element.
void write_mat(const fs::path& path, const std::vector<Element>& elements,
               TextForm form = TextForm::kRow,
               const std::string& variable = "fish_detections",
               mat_ft version = MAT_FT_MAT5) {
  std::vector<std::string> names;
  for (const auto& [name, values] : elements.at(0).numbers)
    names.push_back(name);
  for (const auto& [name, values] : elements.at(0).texts) names.push_back(name);
  std::vector<const char*> fields;
  for (const auto& name : names) fields.push_back(name.c_str());

  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, version);
  ASSERT_NE(mat, nullptr);
  std::size_t dims[2] = {1, elements.size()};
  matvar_t* array =
      Mat_VarCreateStruct(variable.c_str(), 2, dims, fields.data(),
                          static_cast<unsigned>(fields.size()));
  for (std::size_t i = 0; i < elements.size(); ++i) {
    for (const auto& [name, values] : elements[i].numbers) {
      Mat_VarSetStructFieldByName(array, name.c_str(), i, column(values));
    }
    for (const auto& [name, rows] : elements[i].texts) {
      Mat_VarSetStructFieldByName(array, name.c_str(), i, text(rows, form));
    }
  }
  EXPECT_EQ(Mat_VarWrite(mat, array, MAT_COMPRESSION_NONE), 0);
  Mat_VarFree(array);
  Mat_Close(mat);
}

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() /
         ("shoal_test_matfile_" + std::to_string(::getpid()) + "_" + name);
}

std::vector<Track> sample_tracks() {
  // Simulated tracks have gaps, short tracks and both labels; half-pixel
  // coordinates check that no rounding happens on either path.
  SimulatorOptions options;
  options.tracks = 40;
  options.abnormal_fraction = 0.25;
  options.seed = 11;
  std::vector<Track> tracks = simulate_tracks(options);
  for (Track& track : tracks) {
    for (Detection& d : track.detections) d.x += 0.5;
  }
  return tracks;
}

std::vector<Element> elements_of(const std::vector<Track>& tracks) {
  std::vector<Element> out;
  for (const Track& track : tracks) out.push_back(element_of(track));
  return out;
}

/// The InputError message reading `path` throws, with the path removed.
std::string read_error(const fs::path& path) {
  try {
    read_fish4knowledge_mat(path);
  } catch (const InputError& e) {
    std::string message = e.what();
    const std::string prefix = path.string() + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0) {
      message.erase(0, prefix.size());
    }
    return message;
  }
  return "";
}

TEST(Fish4KnowledgeMat, GivesTheSameRowsAsTheEquivalentTracksCsv) {
  const std::vector<Track> tracks = sample_tracks();
  const fs::path mat = temp_path("same.mat");
  const fs::path csv = temp_path("same.csv");
  write_mat(mat, elements_of(tracks));
  write_tracks_csv(csv, tracks);

  const std::vector<Track> from_mat = read_tracks(mat);
  const std::vector<Track> from_csv = read_tracks(csv);
  ASSERT_EQ(from_mat.size(), tracks.size());
  const auto mat_rows = extract_features(from_mat);
  const auto csv_rows = extract_features(from_csv);
  EXPECT_GT(mat_rows.size(), 5u);
  EXPECT_LT(mat_rows.size(), tracks.size());  // the filter took some out
  EXPECT_EQ(format_fish_features(mat_rows), format_fish_features(csv_rows));
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    EXPECT_EQ(from_mat[i].id, std::to_string(i + 1));
    EXPECT_EQ(from_mat[i].label, tracks[i].label);
    EXPECT_EQ(from_mat[i].detections.size(), tracks[i].detections.size());
  }
  fs::remove(mat);
  fs::remove(csv);
}

TEST(Fish4KnowledgeMat, ReadsAVersion73FileAsAVersion5One) {
  // MATLAB writes v7.3 (HDF5) when asked to; the same tracks must come
  // back. 12 tracks: matio reads v7.3 struct arrays in quadratic time.
  std::vector<Track> tracks = sample_tracks();
  tracks.resize(12);
  const fs::path v5 = temp_path("v5.mat");
  const fs::path v73 = temp_path("v73.mat");
  write_mat(v5, elements_of(tracks));
  write_mat(v73, elements_of(tracks), TextForm::kRow, "fish_detections",
            MAT_FT_MAT73);
  EXPECT_FALSE(is_mat_v73(v5));
  ASSERT_TRUE(is_mat_v73(v73));
  const auto from_v5 = read_fish4knowledge_mat(v5);
  const auto from_v73 = read_fish4knowledge_mat(v73);
  ASSERT_EQ(from_v73.size(), tracks.size());
  FeatureOptions all;
  all.min_detections = kMinDetectionsForFeatures;
  const auto rows = extract_features(from_v73, all);
  EXPECT_GT(rows.size(), 3u);  // the comparison below is not of empty tables
  EXPECT_EQ(format_fish_features(rows),
            format_fish_features(extract_features(from_v5, all)));
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    EXPECT_EQ(from_v73[i].label, tracks[i].label);
    EXPECT_EQ(from_v73[i].detections.size(), tracks[i].detections.size());
  }
  fs::remove(v5);
  fs::remove(v73);
}

TEST(Fish4KnowledgeMat, AcceptsEveryFormOfClassDescription) {
  const std::vector<Track> tracks = sample_tracks();
  const std::string expected = format_fish_features(extract_features(tracks));
  for (TextForm form :
       {TextForm::kRow, TextForm::kPaddedMatrix, TextForm::kCell}) {
    const fs::path mat = temp_path("forms.mat");
    write_mat(mat, elements_of(tracks), form);
    EXPECT_EQ(format_fish_features(extract_features(read_tracks(mat))),
              expected)
        << "form " << static_cast<int>(form);
    fs::remove(mat);
  }
}

TEST(Fish4KnowledgeMat, MapsClassNumbersToTheStudysLabels) {
  // The dataset page: class 1 = normal, 2 = rare, described as 'abnormal'.
  EXPECT_EQ(fish4knowledge_label(1), "normal");
  EXPECT_EQ(fish4knowledge_label(2), "abnormal");
  EXPECT_EQ(fish4knowledge_label(0), "");
  EXPECT_EQ(fish4knowledge_label(3), "");
}

/// Writes the sample tracks after `edit` changed element 2 (index 1); returns
/// the reader's error.
template <typename Edit>
std::string error_after(Edit edit, TextForm form = TextForm::kRow) {
  std::vector<Element> elements = elements_of(sample_tracks());
  edit(elements[1]);
  const fs::path mat = temp_path("edited.mat");
  write_mat(mat, elements, form);
  std::string message = read_error(mat);
  fs::remove(mat);
  return message;
}

TEST(Fish4KnowledgeMat, NamesAMissingField) {
  std::vector<Element> elements = elements_of(sample_tracks());
  for (Element& e : elements) e.numbers.erase("bounding_box_h");
  const fs::path mat = temp_path("missing.mat");
  write_mat(mat, elements);
  EXPECT_EQ(read_error(mat),
            "'fish_detections' has no field 'bounding_box_h' (not the "
            "Fish4Knowledge trajectory layout)");
  fs::remove(mat);
}

TEST(Fish4KnowledgeMat, NamesAMissingVariable) {
  const fs::path mat = temp_path("other.mat");
  write_mat(mat, elements_of(sample_tracks()), TextForm::kRow, "tracks");
  EXPECT_EQ(read_error(mat),
            "no variable 'fish_detections' (the Fish4Knowledge trajectory "
            "struct array)");
  fs::remove(mat);
}

TEST(Fish4KnowledgeMat, RefusesAFileThatIsNotMatlab) {
  const fs::path mat = temp_path("text.mat");
  std::ofstream(mat) << "track_id,label,frame,x,y,w,h\n";
  EXPECT_EQ(read_error(mat).rfind("not a MATLAB .mat file", 0), 0u)
      << read_error(mat);
  fs::remove(mat);
}

TEST(Fish4KnowledgeMat, RefusesClassesOutsideTheDataset) {
  EXPECT_EQ(error_after([](Element& e) {
              e.numbers["class"].assign(e.numbers["class"].size(), 3);
            }),
            "fish_detections(2).class = 3, expected 1 (normal) or 2 "
            "(abnormal)");
}

TEST(Fish4KnowledgeMat, RefusesADescriptionThatDisagreesWithTheClass) {
  EXPECT_EQ(error_after([](Element& e) {
              auto& classes = e.numbers["class"];
              auto& texts = e.texts["classDescription"];
              classes.assign(classes.size(), 1);
              texts.assign(texts.size(), "rare");
            }),
            "fish_detections(2).classDescription = 'rare' disagrees with "
            "class 1, which means 'normal'");
}

TEST(Fish4KnowledgeMat, RefusesALabelThatChangesWithinATrajectory) {
  EXPECT_EQ(error_after(
                [](Element& e) {
                  auto& texts = e.texts["classDescription"];
                  texts[2] = texts[0] == "normal" ? "abnormal" : "normal";
                },
                TextForm::kCell),
            "fish_detections(2).classDescription(3) = '" +
                std::string(sample_tracks()[1].label == "normal" ? "abnormal"
                                                                 : "normal") +
                "' differs from '" + sample_tracks()[1].label +
                "' (a trajectory has one class)");
}

TEST(Fish4KnowledgeMat, NamesTheFieldOfABadBox) {
  EXPECT_EQ(error_after([](Element& e) { e.numbers["bounding_box_w"][2] = 0; }),
            "fish_detections(2).bounding_box_w(3) = 0 must be a positive "
            "number");
  EXPECT_EQ(error_after([](Element& e) {
              e.numbers["bounding_box_y"][0] = std::nan("");
            }),
            "fish_detections(2).bounding_box_y(1) = nan is not a finite "
            "number");
}

TEST(Fish4KnowledgeMat, RefusesUnsortedAndFractionalFrames) {
  EXPECT_EQ(error_after([](Element& e) {
              auto& frames = e.numbers["frame_number"];
              std::swap(frames[1], frames[2]);
            }).find("fish_detections(2).frame_number(3) = "),
            0u);
  EXPECT_EQ(error_after([](Element& e) {
              e.numbers["frame_number"][0] -= 0.5;
            }).find("fish_detections(2).frame_number(1) = "),
            0u);
}

TEST(Fish4KnowledgeMat, RefusesFieldsOfDifferentLengths) {
  EXPECT_EQ(
      error_after([](Element& e) { e.numbers["bounding_box_x"].pop_back(); }),
      "fish_detections(2).bounding_box_x has " +
          std::to_string(sample_tracks()[1].detections.size() - 1) +
          " values, frame_number has " +
          std::to_string(sample_tracks()[1].detections.size()));
}

}  // namespace
}  // namespace shoal
