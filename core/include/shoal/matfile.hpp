#pragma once
/// Reading the Fish4Knowledge trajectory file fishDetections_total3102.mat.
///
/// The file holds one MATLAB variable, `fish_detections`, a struct array
/// with one element per trajectory (3102 in the download). Each element has
/// these fields, N the trajectory's number of detections:
///
///   frame_number(1:N)       frame in the original video (whole numbers)
///   bounding_box_x(1:N)     box left edge, pixels
///   bounding_box_y(1:N)     box top edge, pixels
///   bounding_box_w(1:N)     box width, pixels
///   bounding_box_h(1:N)     box height, pixels
///   class(1:N)              1 = normal, 2 = rare
///   classDescription(1:N)   'normal' or 'abnormal'
///
/// Labels. The study wrote classDescription into fishFeatures.csv, so the
/// label of a track is its classDescription: "normal" or "abnormal". The
/// numeric class must agree with it, as the dataset documents:
///
///   class 1  ->  "normal"
///   class 2  ->  "abnormal"   (the dataset's "rare" trajectories)
///
/// Any other class value, a classDescription that disagrees with the class,
/// or either one changing within a trajectory is an error, since it would
/// mean the file is not the one the study used.
///
/// Numeric fields may be stored as any MATLAB numeric class and as row or
/// column vectors; class and classDescription may hold one entry for the
/// whole trajectory or one per detection. classDescription may be a char
/// row, a char matrix with one padded row per detection, or a cell array of
/// strings.

#include <filesystem>
#include <string>
#include <vector>

#include "shoal/trajectory.hpp"

namespace shoal {

/// The label a Fish4Knowledge class number stands for ("normal" for 1,
/// "abnormal" for 2), or "" for any other number.
std::string fish4knowledge_label(double class_number);

/// Reads every trajectory of a Fish4Knowledge .mat file (MATLAB v5 or
/// v7.3), in file order, track ids "1", "2", ... Each track passes
/// check_track(). Throws InputError naming the file, the element
/// (fish_detections(i)), the field and the value for: a file that is not a
/// MATLAB file, no variable fish_detections or one that is not a struct
/// array, a missing field, a field of the wrong type or length, a frame
/// that is not a whole number, and the label rules above.
std::vector<Track> read_fish4knowledge_mat(const std::filesystem::path& path);

/// True when `path` starts with the header of a MATLAB v7.3 file (HDF5
/// inside). Debian 12's matio reads a struct array from such a file in
/// time that grows with the square of its length (it looks every element
/// up by name), so callers may warn before a long read; v5 and v7 files
/// are read quickly.
bool is_mat_v73(const std::filesystem::path& path);

}  // namespace shoal
