#include "shoal/report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "shoal/io.hpp"
#include "shoal/version.hpp"

namespace shoal {

namespace {

// Colour-blind-safe palette (Okabe and Ito), one colour per strategy.
const char* const kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                "#E69F00", "#56B4E9", "#F0E442", "#000000"};

const char* colour(std::size_t strategy) {
  return kPalette[strategy % (sizeof kPalette / sizeof kPalette[0])];
}

std::string fixed(double value, int decimals = 3) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// ---- Charts -------------------------------------------------------------

/// A plotting area: data ranges mapped onto an SVG of fixed size.
struct Frame {
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  double width = 282, height = 230;
  double left = 52, right = 14, top = 30, bottom = 44;

  double px(double x) const {
    return left + (x - x0) / (x1 - x0) * (width - left - right);
  }
  double py(double y) const {
    return height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom);
  }
};

std::string point(const Frame& f, double x, double y) {
  return fixed(f.px(x), 1) + "," + fixed(f.py(y), 1);
}

std::string svg_open(const Frame& f, const std::string& title,
                     const std::string& extra = "") {
  return "<svg class=\"chart\"" + extra +
         " xmlns=\"http://www.w3.org/2000/svg\""
         " width=\"" +
         fixed(f.width, 0) + "\" height=\"" + fixed(f.height, 0) +
         "\" viewBox=\"0 0 " + fixed(f.width, 0) + " " + fixed(f.height, 0) +
         "\" role=\"img\"><title>" + escape(title) +
         "</title><text class=\"title\" x=\"" + fixed(f.width / 2, 1) +
         "\" y=\"18\">" + escape(title) + "</text>";
}

/// Frame, five ticks on each axis (`x_ticks` false leaves the x axis
/// bare, for categories), and axis labels.
std::string axes(const Frame& f, const std::string& x_label,
                 const std::string& y_label, bool x_ticks = true) {
  std::string out = "<g class=\"axes\">";
  for (int k = 0; k <= 4; ++k) {
    double x = f.x0 + (f.x1 - f.x0) * k / 4, y = f.y0 + (f.y1 - f.y0) * k / 4;
    out += "<line class=\"grid\" x1=\"" + fixed(f.left, 1) + "\" x2=\"" +
           fixed(f.width - f.right, 1) + "\" y1=\"" + fixed(f.py(y), 1) +
           "\" y2=\"" + fixed(f.py(y), 1) + "\"/>";
    out += "<text class=\"tick\" x=\"" + fixed(f.left - 4, 1) + "\" y=\"" +
           fixed(f.py(y) + 3, 1) + "\" text-anchor=\"end\">" +
           escape(fixed(y, f.y1 - f.y0 >= 10 ? 0 : 2)) + "</text>";
    if (!x_ticks) continue;
    out += "<text class=\"tick\" x=\"" + fixed(f.px(x), 1) + "\" y=\"" +
           fixed(f.height - f.bottom + 14, 1) + "\" text-anchor=\"middle\">" +
           escape(fixed(x, f.x1 - f.x0 >= 10 ? 0 : 2)) + "</text>";
  }
  out += "<rect class=\"frame\" x=\"" + fixed(f.left, 1) + "\" y=\"" +
         fixed(f.top, 1) + "\" width=\"" +
         fixed(f.width - f.left - f.right, 1) + "\" height=\"" +
         fixed(f.height - f.top - f.bottom, 1) + "\"/>";
  out += "<text class=\"label\" x=\"" + fixed(f.px((f.x0 + f.x1) / 2), 1) +
         "\" y=\"" + fixed(f.height - 8, 1) + "\">" + escape(x_label) +
         "</text>";
  out += "<text class=\"label\" transform=\"translate(13," +
         fixed(f.py((f.y0 + f.y1) / 2), 1) + ") rotate(-90)\">" +
         escape(y_label) + "</text></g>";
  return out;
}

/// The mean as a line over a shaded band from low to high.
std::string band_and_line(const Frame& f, const BandCurve& c,
                          const char* stroke) {
  if (c.x.empty()) return "";
  std::string band, line;
  for (std::size_t k = 0; k < c.x.size(); ++k) {
    double high = std::clamp(c.high[k], f.y0, f.y1);
    band += (k ? " " : "") + point(f, c.x[k], high);
    line += (k ? " " : "") + point(f, c.x[k], c.mean[k]);
  }
  for (std::size_t k = c.x.size(); k-- > 0;) {
    band += " " + point(f, c.x[k], std::clamp(c.low[k], f.y0, f.y1));
  }
  return "<polygon class=\"band\" fill=\"" + std::string(stroke) +
         "\" points=\"" + band + "\"/><polyline class=\"mean\" stroke=\"" +
         stroke + "\" points=\"" + line + "\"/>";
}

std::string reference_line(const Frame& f, double xa, double ya, double xb,
                           double yb) {
  return "<line class=\"reference\" x1=\"" + fixed(f.px(xa), 1) + "\" y1=\"" +
         fixed(f.py(ya), 1) + "\" x2=\"" + fixed(f.px(xb), 1) + "\" y2=\"" +
         fixed(f.py(yb), 1) + "\"/>";
}

/// Largest value a band reaches, for the loss axis.
double band_top(const BandCurve& c) {
  double top = 0;
  for (double v : c.high) top = std::max(top, v);
  return top > 0 ? top * 1.05 : 1.0;
}

std::string training_chart(const BandCurve& c, const std::string& what,
                           const char* stroke) {
  Frame f;
  f.x0 = c.x.empty() ? 0 : c.x.front();
  f.x1 = c.x.empty() || c.x.back() <= f.x0 ? f.x0 + 1 : c.x.back();
  f.y1 = what == "loss" ? band_top(c) : 1.0;
  return svg_open(f, "Training " + what) + axes(f, "epoch", what) +
         band_and_line(f, c, stroke) + "</svg>";
}

std::string roc_chart(const BandCurve& c, const char* stroke) {
  Frame f;
  return svg_open(f, "ROC curve") +
         axes(f, "false-positive rate", "true-positive rate") +
         reference_line(f, 0, 0, 1, 1) + band_and_line(f, c, stroke) + "</svg>";
}

std::string pr_chart(const BandCurve& c, double prevalence,
                     const char* stroke) {
  Frame f;
  // A detector that flags at random has precision equal to the prevalence.
  return svg_open(f, "Precision-recall curve") +
         axes(f, "recall", "precision") +
         reference_line(f, 0, prevalence, 1, prevalence) +
         band_and_line(f, c, stroke) + "</svg>";
}

/// The strip chart's frame: one column per strategy, the y range fitted to
/// the runs' values with a margin, within the metric's [-1, 1].
Frame strip_frame(const Comparison& c) {
  Frame f;
  f.width = std::max(360.0, 150.0 * static_cast<double>(c.strategies.size()));
  f.height = 300;
  f.x0 = -0.5;
  f.x1 = static_cast<double>(c.strategies.size()) - 0.5;
  double low = 1, high = 0;
  for (const auto& s : c.strategies) {
    for (double v : s.primary) low = std::min(low, v), high = std::max(high, v);
  }
  if (high < low) low = 0, high = 1;
  double pad = std::max(0.02, (high - low) * 0.1);
  f.y0 = std::max(-1.0, low - pad);
  f.y1 = std::min(1.0, high + pad);
  return f;
}

/// Column `s`: a dot per run, the mean as a dashed bar, its 95% interval
/// as a whisker, and the strategy's name.
std::string strip_column(const Frame& f, const StrategyAggregate& agg,
                         std::size_t s, const std::string& metric) {
  std::string out;
  double x = static_cast<double>(s);
  for (std::size_t k = 0; k < agg.primary.size(); ++k) {
    // Spread the dots sideways in a fixed pattern so equal values show.
    double jitter = (static_cast<double>(k % 7) - 3.0) * 0.04;
    out += "<circle class=\"run\" fill=\"" + std::string(colour(s)) +
           "\" cx=\"" + fixed(f.px(x + jitter), 1) + "\" cy=\"" +
           fixed(f.py(agg.primary[k]), 1) + "\" r=\"3\"/>";
  }
  const Summary& m = agg.metrics.at(metric);
  if (m.n > 0) {
    out += reference_line(f, x - 0.3, m.mean, x + 0.3, m.mean);
    out += "<line class=\"whisker\" x1=\"" + fixed(f.px(x + 0.33), 1) +
           "\" x2=\"" + fixed(f.px(x + 0.33), 1) + "\" y1=\"" +
           fixed(f.py(m.low), 1) + "\" y2=\"" + fixed(f.py(m.high), 1) + "\"/>";
  }
  return out + "<text class=\"label\" x=\"" + fixed(f.px(x), 1) + "\" y=\"" +
         fixed(f.height - 24, 1) + "\">" + escape(agg.name) + "</text>";
}

/// The primary metric of every run, one column per strategy.
std::string strip_chart(const Comparison& c) {
  Frame f = strip_frame(c);
  std::string out =
      svg_open(f, c.primary_metric + " per run", " data-chart=\"primary\"");
  out += axes(f, "", c.primary_metric, false);
  for (std::size_t s = 0; s < c.strategies.size(); ++s) {
    out += strip_column(f, c.strategies[s], s, c.primary_metric);
  }
  return out + "</svg>";
}

// ---- Tables -------------------------------------------------------------

/// Columns of the comparison table: metric name and its heading.
const std::vector<std::pair<std::string, std::string>>& table_metrics() {
  static const std::vector<std::pair<std::string, std::string>> columns{
      {"balanced_accuracy", "balanced accuracy"},
      {"minority_recall", "minority recall"},
      {"specificity", "specificity"},
      {"minority_precision", "minority precision"},
      {"minority_f1", "minority F1"},
      {"g_mean", "G-mean"},
      {"mcc", "MCC"},
      {"roc_auc", "ROC-AUC"},
      {"pr_auc", "PR-AUC"},
      {"accuracy", "accuracy"}};
  return columns;
}

std::string summary_cell(const Summary& s, bool best) {
  std::string value = fixed(s.mean);
  if (best) value = "<strong>" + value + "</strong>";
  if (s.n < 2) return "<td>" + value + "</td>";
  return "<td>" + value + "<br><small>" + fixed(s.low) + "&ndash;" +
         fixed(s.high) + "</small></td>";
}

std::string comparison_table(const Comparison& c) {
  std::string out =
      "<table class=\"compare\"><thead><tr><th>strategy</th>"
      "<th>runs</th>";
  for (const auto& [m, heading] : table_metrics()) {
    out += "<th title=\"" + m + "\">" + heading + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const auto& s : c.strategies) {
    out += "<tr><th>" + escape(s.name) + "</th><td>" + std::to_string(s.runs);
    if (s.failed) out += " (" + std::to_string(s.failed) + " failed)";
    out += "</td>";
    for (const auto& [m, heading] : table_metrics()) {
      double best = -2;
      for (const auto& other : c.strategies) {
        if (other.runs) best = std::max(best, other.metrics.at(m).mean);
      }
      const Summary& summary = s.metrics.at(m);
      out += summary_cell(summary, s.runs > 0 && summary.mean == best);
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string p_cell(const PairedTest& t) {
  if (!t.defined) return "<td>&ndash;</td>";
  return "<td>" +
         (t.p_value < 0.001 ? std::string("&lt; 0.001") : fixed(t.p_value)) +
         "</td>";
}

std::string pairs_table(const Comparison& c) {
  std::string out =
      "<table class=\"pairs\"><thead><tr><th>pair (first &minus; second)</th>"
      "<th>mean difference</th><th>95% interval</th><th>p, corrected "
      "t-test</th><th>p, Wilcoxon</th><th>paired runs</th></tr></thead>"
      "<tbody>";
  for (const auto& p : c.pairs) {
    const PairedTest& t = p.corrected_t;
    out += "<tr><th>" + escape(p.first) + " &minus; " + escape(p.second) +
           "</th><td>" + fixed(t.mean_difference) + "</td><td>" + fixed(t.low) +
           " to " + fixed(t.high) + "</td>" + p_cell(t) + p_cell(p.wilcoxon) +
           "<td>" + std::to_string(t.n) + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string confusion_table(const Confusion& c) {
  std::string out =
      "<table class=\"confusion\"><thead><tr><th>true \\ "
      "predicted</th>";
  for (const auto& name : c.class_names) out += "<th>" + escape(name) + "</th>";
  out += "</tr></thead><tbody>";
  for (std::size_t t = 0; t < c.counts.size(); ++t) {
    double row_total = 0;
    for (auto n : c.counts[t]) row_total += static_cast<double>(n);
    out += "<tr><th>" + escape(c.class_names[t]) + "</th>";
    for (std::size_t p = 0; p < c.counts[t].size(); ++p) {
      double share = row_total > 0 ? c.counts[t][p] / row_total : 0;
      out += "<td" + std::string(t == p ? " class=\"hit\"" : "") + ">" +
             std::to_string(c.counts[t][p]) + "<br><small>" +
             fixed(100 * share, 1) + "%</small></td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

// ---- Page ---------------------------------------------------------------

double prevalence(const Confusion& c, const std::string& minority) {
  double total = 0, rare = 0;
  for (std::size_t t = 0; t < c.counts.size(); ++t) {
    for (auto n : c.counts[t]) {
      total += static_cast<double>(n);
      if (c.class_names[t] == minority) rare += static_cast<double>(n);
    }
  }
  return total > 0 ? rare / total : 0;
}

std::string strategy_panel(const StrategyAggregate& s, std::size_t index,
                           const std::string& minority) {
  const char* stroke = colour(index);
  std::string out = "<section class=\"strategy\" data-strategy=\"" +
                    escape(s.name) + "\"><h3>" + escape(s.name) + "</h3>";
  if (s.runs == 0) {
    return out +
           "<p class=\"error\">Every run failed: " + escape(s.first_error) +
           "</p></section>";
  }
  out += "<p>" + std::to_string(s.runs) +
         " runs; curves show the mean and a band of one standard deviation "
         "over runs; the precision-recall curve plots interpolated precision "
         "(the best reached at that recall or above), so it lies on or above "
         "the stepwise curve whose area is the table's PR-AUC; the confusion "
         "matrix sums the test rows of all runs.</p>";
  out += "<div class=\"charts\">" + training_chart(s.loss, "loss", stroke) +
         training_chart(s.accuracy, "accuracy", stroke) +
         roc_chart(s.roc, stroke) +
         pr_chart(s.pr, prevalence(s.confusion, minority), stroke) + "</div>";
  return out + confusion_table(s.confusion) + "</section>";
}

const char* kStyle = R"(<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1160px;
color:#222;background:#fff;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}h3{font-size:16px}
.conclusion{background:#eef5fb;border-left:4px solid #0072B2;padding:10px 14px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right;
vertical-align:top}thead th{background:#f3f3f3}tbody th{text-align:left}
small{color:#666;white-space:nowrap}td.hit{background:#eaf6ee}
.charts{display:flex;flex-wrap:wrap;gap:8px}
.chart{background:#fff}.chart .title{font-size:13px;font-weight:600;
text-anchor:middle}.chart .label{font-size:11px;text-anchor:middle}
.chart .tick{font-size:10px;fill:#555}.chart .grid{stroke:#eee}
.chart .frame{fill:none;stroke:#999}.chart .band{opacity:.22;stroke:none}
.chart .mean{fill:none;stroke-width:2}.chart .reference{stroke:#777;
stroke-dasharray:4 3}.chart .whisker{stroke:#333;stroke-width:2}
.chart .run{stroke:#fff;stroke-width:.6}
pre{background:#f6f6f6;padding:10px;overflow:auto}
.error{color:#a00}
</style>)";

}  // namespace

std::string render_report(const ReportInput& input) {
  const Comparison& c = input.comparison;
  std::ostringstream page;
  page << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       << "<title>shoal report: " << escape(input.title) << "</title>" << kStyle
       << "</head><body>\n";
  page << "<h1>shoal report: " << escape(input.title) << "</h1>\n<p>"
       << escape(input.data_summary) << "<br>Evaluation: " << escape(c.design)
       << "; primary metric: " << escape(c.primary_metric) << "; minority "
       << "class: " << escape(input.minority) << ".</p>\n";
  page << "<p class=\"conclusion\">" << escape(c.conclusion) << "</p>\n";
  page << "<h2>Comparison</h2>\n<p>Mean over runs with its 95% interval "
       << "(Student t, widened by Nadeau and Bengio's correction for the "
       << "overlap between training sets); the best mean of each column in "
       << "bold.</p>\n"
       << comparison_table(c) << "\n";
  page << "<h2>Paired tests on " << escape(c.primary_metric) << "</h2>\n"
       << "<p>Runs are paired by repeat and fold. The interval and first "
       << "p-value come from the corrected resampled t-test of Nadeau and "
       << "Bengio, which allows for the overlap between training sets "
       << "(test/train ratio " << fixed(c.test_train_ratio) << "). The "
       << "Wilcoxon signed-rank p-value beside it treats the runs as "
       << "independent, which runs with overlapping training sets are not, "
       << "so it is too eager: read it as a rank-based cross-check "
       << "only.</p>\n"
       << pairs_table(c) << "\n";
  page << "<h2>" << escape(c.primary_metric) << " per strategy</h2>\n"
       << "<p>One dot per run; the dashed bar is the mean, the whisker its "
       << "95% interval.</p>\n"
       << strip_chart(c) << "\n<h2>Strategies</h2>\n";
  for (std::size_t s = 0; s < c.strategies.size(); ++s) {
    page << strategy_panel(c.strategies[s], s, input.minority) << "\n";
  }
  page << "<h2>Config</h2>\n<pre>" << escape(input.config_text) << "</pre>\n"
       << "<p><small>Written by shoal " << kVersion
       << ".</small></p>\n</body></html>\n";
  return page.str();
}

void write_report(const std::filesystem::path& path, const ReportInput& input) {
  write_file_atomically(path, render_report(input));
}

}  // namespace shoal
