// `shoal export`: write a trained model as one C header for the device.

#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "shoal/error.hpp"
#include "shoal/export.hpp"
#include "shoal/io.hpp"

namespace {

struct ExportCommandOptions {
  std::string model;
  std::string output;
  std::optional<std::string> prefix;
  std::string precision = "float32";
  std::optional<double> threshold;
  std::size_t self_tests = 6;
};

/// The prefix to use: the one given, else the output file's stem, which is
/// what a firmware engineer would name the header's symbols anyway.
std::string choose_prefix(const ExportCommandOptions& options) {
  if (options.prefix) return *options.prefix;  // checked by the export
  std::string stem = std::filesystem::path(options.output).stem().string();
  try {
    shoal::check_c_prefix(stem);
  } catch (const shoal::InputError& e) {
    throw shoal::InputError(std::string(e.what()) +
                            " (taken from the output name; choose one with "
                            "--prefix)");
  }
  return stem;
}

void report(const ExportCommandOptions& options,
            const shoal::ExportOptions& how,
            const shoal::ExportResult& result) {
  const auto& f = result.footprint;
  std::cout << "shoal: wrote " << options.output << " (prefix " << how.prefix
            << ", " << shoal::to_string(how.precision) << ", threshold "
            << result.threshold << ")\n"
            << "  self-test: " << result.self_test_vectors
            << " vectors, which bring " << result.parameters_exercised
            << " of the " << result.parameters
            << " weights and biases into play\n"
            << "  flash: " << f.table_bytes << " B of model tables + "
            << f.self_test_bytes << " B of self-test vectors + " << f.name_bytes
            << " B of names, plus the inference code\n"
            << "  RAM:   " << f.stack_bytes
            << " B of activations on the stack during an inference, plus "
               "the call frames; no heap, no globals\n";
  if (how.precision == shoal::Precision::int8) {
    double share = result.compared_rows
                       ? 100.0 * result.agreeing_rows / result.compared_rows
                       : 0.0;
    std::cout << "  int8 decisions agree with float on " << result.agreeing_rows
              << " of " << result.compared_rows << " test rows (" << share
              << "%)\n";
  }
}

int run_export(const ExportCommandOptions& options) {
  shoal::ExportOptions how;
  how.precision = shoal::parse_precision(options.precision);
  how.threshold = options.threshold;
  how.self_test_vectors = options.self_tests;
  how.prefix = choose_prefix(options);
  shoal::Model model = shoal::Model::load(options.model);

  shoal::ExportResult result = shoal::export_header(model, how);
  // Opened only now: a bad model or prefix leaves no file behind, and a
  // failed write removes the temporary one.
  shoal::AtomicFile out(options.output);
  out.stream() << result.header;
  out.commit();
  report(options, how, result);
  return 0;
}

shoal::cli::Action setup(CLI::App& command) {
  auto options = std::make_shared<ExportCommandOptions>();
  command.add_option("model", options->model, "model file from 'shoal run'")
      ->required();
  command.add_option("-o,--output", options->output, "C header to write")
      ->required();
  command.add_option("--prefix", options->prefix,
                     "start of every C name in the header (default: the "
                     "output file's name without .h)");
  command
      .add_option("--precision", options->precision,
                  "float32 (default) or int8 weights")
      ->check(CLI::IsMember({"float32", "int8"}));
  command.add_option("--threshold", options->threshold,
                     "minority probability at which to flag (default: the "
                     "model's own)");
  command
      .add_option("--self-tests", options->self_tests,
                  "number of self-test vectors taken from the test set")
      ->check(CLI::Range(1, 64));
  command.footer(
      "Writes one C99 header (also valid C++) holding the network, the input\n"
      "standardisation, the decision threshold, metadata and self-test\n"
      "vectors; see docs/DEVICE.md. Prints the memory the model needs and,\n"
      "for int8, how often its decisions agree with the float model on the\n"
      "model's test set.\n\n"
      "Example:\n"
      "  shoal export out/models/class_weight.json -o fish_detector.h\n"
      "  shoal export out/models/class_weight.json -o fish_q.h "
      "--precision int8");
  return [options] { return run_export(*options); };
}

}  // namespace

SHOAL_COMMAND(70, "export", "write a model as a C header for the device", setup)
