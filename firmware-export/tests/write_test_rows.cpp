// Writes the test set stored in a model file as a feature CSV
// (id,label,<features>), numbers in full double precision, so that
// `shoal predict` and the compiled header can be run on the same rows.
//
//   write_test_rows MODEL.json OUT.csv

#include <cstdio>
#include <exception>
#include <iostream>
#include <sstream>

#include "shoal/io.hpp"
#include "shoal/model.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: write_test_rows MODEL.json OUT.csv\n";
    return 2;
  }
  try {
    shoal::Model model = shoal::Model::load(argv[1]);
    const shoal::Dataset& t = model.test_set;
    std::ostringstream out;
    out << "id,label";
    for (const auto& name : t.feature_names) out << ',' << name;
    out << '\n';
    char number[32];
    for (std::size_t i = 0; i < t.rows(); ++i) {
      out << "row" << i + 1 << ',' << t.class_names[t.labels[i]];
      for (std::size_t j = 0; j < t.cols(); ++j) {
        std::snprintf(number, sizeof number, "%.17g", t.row(i)[j]);
        out << ',' << number;
      }
      out << '\n';
    }
    shoal::write_file_atomically(argv[2], out.str());
    std::cerr << "write_test_rows: " << t.rows() << " rows to " << argv[2]
              << '\n';
  } catch (const std::exception& e) {
    std::cerr << "write_test_rows: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
