/*
 * Checks exported headers on the build machine against the engine. Written
 * in the subset of C99 that is also C++, and compiled both ways by ctest
 * with -Wall -Wextra -Werror -pedantic.
 *
 * The headers come from the test fixture (firmware-export/CMakeLists.txt):
 *   model_a.h    float32, the class-weighted model of fish_compare
 *   model_b.h    float32, the SMOTE model: a second model in one program
 *   model_a_q.h  int8, the class-weighted model again
 * other_unit.c includes model_a.h and model_a_q.h as well, so the program
 * also proves that a header can sit in two translation units.
 *
 *   host_check predictions TEST.csv PREDICT_A.csv PREDICT_B.csv
 *       every row's class equals `shoal predict`'s and its float32 score is
 *       within 1e-5; the int8 header agrees with the engine on >= 98 %
 *   host_check self-test
 *       every header's self-test passes and its status strings are in step
 *   host_check features TRACKS.csv FEATURES.csv
 *       shoal_track.h matches `shoal features` within 1e-5 relative
 *   host_check firmware OUTPUT.txt PREDICT.csv TOLERANCE
 *       the example firmware printed the engine's class for every track the
 *       engine classified, a score within TOLERANCE, and "skipped" for the
 *       others
 *
 * Exit status 0 when every check holds, 1 otherwise.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_a.h"
#include "model_a_q.h"
#include "model_b.h"
#include "other_unit.h"
#include "shoal_track.h"

#define MAX_ROWS 8192
#define MAX_FIELDS 32
#define LINE_LENGTH 4096

/* ---- CSV ----------------------------------------------------------------- */

/* One line split on commas, in place. No quoting: the files read here are
 * written by shoal and hold none. */
typedef struct csv_line {
  char text[LINE_LENGTH];
  char* field[MAX_FIELDS];
  int count;
} csv_line;

static int read_line(FILE* file, csv_line* line) {
  char* at;
  if (!fgets(line->text, LINE_LENGTH, file)) return 0;
  line->text[strcspn(line->text, "\r\n")] = '\0';
  line->count = 0;
  at = line->text;
  while (line->count < MAX_FIELDS) {
    line->field[line->count++] = at;
    at = strchr(at, ',');
    if (!at) break;
    *at++ = '\0';
  }
  return 1;
}

/* The next data row, which must have as many fields as the header; the
 * check ends when a table has more than MAX_ROWS rows rather than compare
 * only part of it. */
static int read_row(FILE* file, csv_line* line, const csv_line* header,
                    int rows_so_far) {
  if (!read_line(file, line)) return 0;
  if (line->count != header->count) {
    fprintf(stderr, "host_check: a row has %d fields, the header %d\n",
            line->count, header->count);
    exit(1);
  }
  if (rows_so_far >= MAX_ROWS) {
    fprintf(stderr, "host_check: more than %d rows\n", MAX_ROWS);
    exit(1);
  }
  return 1;
}

static int column(const csv_line* header, const char* name) {
  int i;
  for (i = 0; i < header->count; ++i) {
    if (strcmp(header->field[i], name) == 0) return i;
  }
  fprintf(stderr, "host_check: no column '%s'\n", name);
  exit(1);
}

static FILE* open_or_die(const char* path) {
  FILE* file = fopen(path, "r");
  if (!file) {
    fprintf(stderr, "host_check: cannot open %s\n", path);
    exit(1);
  }
  return file;
}

/* ---- Test rows and predictions --------------------------------------------*/

typedef struct rows {
  int count;
  float features[MAX_ROWS][MODEL_A_N_FEATURES];
} rows;

static rows test_rows;

static void read_test_rows(const char* path, rows* out) {
  FILE* file = open_or_die(path);
  csv_line header, line;
  int at[MODEL_A_N_FEATURES], j;
  read_line(file, &header);
  for (j = 0; j < MODEL_A_N_FEATURES; ++j) {
    at[j] = column(&header, model_a_feature_name(j));
  }
  out->count = 0;
  while (read_row(file, &line, &header, out->count)) {
    for (j = 0; j < MODEL_A_N_FEATURES; ++j) {
      out->features[out->count][j] = strtof(line.field[at[j]], NULL);
    }
    ++out->count;
  }
  fclose(file);
}

typedef struct predictions {
  int count;
  char predicted[MAX_ROWS][32];
  double score[MAX_ROWS];
} predictions;

static predictions predicted_a, predicted_b;

static void read_predictions(const char* path, const char* minority,
                             predictions* out) {
  FILE* file = open_or_die(path);
  csv_line header, line;
  char score_column[64];
  int cls, score;
  snprintf(score_column, sizeof score_column, "%s_score", minority);
  read_line(file, &header);
  cls = column(&header, "predicted");
  score = column(&header, score_column);
  out->count = 0;
  while (read_row(file, &line, &header, out->count)) {
    snprintf(out->predicted[out->count], 32, "%s", line.field[cls]);
    out->score[out->count] = strtod(line.field[score], NULL);
    ++out->count;
  }
  fclose(file);
}

/* ---- predictions --------------------------------------------------------- */

typedef struct agreement {
  int rows;
  int same_class;
  double worst_score_gap;
} agreement;

static void compare(const char* engine_class, double engine_score,
                    const char* header_class, float header_score,
                    agreement* tally) {
  double gap = fabs((double)header_score - engine_score);
  ++tally->rows;
  if (strcmp(engine_class, header_class) == 0) ++tally->same_class;
  if (!(gap <= tally->worst_score_gap)) tally->worst_score_gap = gap;
}

static int report(const char* what, const agreement* tally, int need_all,
                  double need_share, double score_tolerance) {
  double share = tally->rows ? (double)tally->same_class / tally->rows : 0.0;
  int ok = tally->rows > 0 && share >= need_share &&
           (!need_all || tally->same_class == tally->rows) &&
           tally->worst_score_gap <= score_tolerance;
  printf("%-36s %d/%d same class (%.2f %%), largest score gap %.3g: %s\n", what,
         tally->same_class, tally->rows, 100.0 * share, tally->worst_score_gap,
         ok ? "ok" : "FAILED");
  return ok;
}

static int check_predictions(int argc, char** argv) {
  agreement a = {0, 0, 0.0}, b = {0, 0, 0.0}, q = {0, 0, 0.0};
  agreement units = {0, 0, 0.0};
  int i, ok;
  if (argc != 5) return 0;
  read_test_rows(argv[2], &test_rows);
  read_predictions(argv[3], model_a_class_name(MODEL_A_MINORITY_CLASS),
                   &predicted_a);
  read_predictions(argv[4], model_b_class_name(MODEL_B_MINORITY_CLASS),
                   &predicted_b);
  if (predicted_a.count != test_rows.count ||
      predicted_b.count != test_rows.count) {
    fprintf(stderr, "host_check: row counts differ\n");
    return 0;
  }
  for (i = 0; i < test_rows.count; ++i) {
    const float* x = test_rows.features[i];
    compare(predicted_a.predicted[i], predicted_a.score[i],
            model_a_class_name(model_a_predict(x)), model_a_score(x), &a);
    compare(predicted_b.predicted[i], predicted_b.score[i],
            model_b_class_name(model_b_predict(x)), model_b_score(x), &b);
    compare(predicted_a.predicted[i], predicted_a.score[i],
            model_a_q_class_name(model_a_q_predict(x)), model_a_q_score(x), &q);
    compare(model_a_class_name(model_a_predict(x)), 0.0,
            model_a_class_name(other_unit_predict_a(x)), 0.0f, &units);
    compare(model_a_q_class_name(model_a_q_predict(x)), 0.0,
            model_a_q_class_name(other_unit_predict_a_q(x)), 0.0f, &units);
  }
  ok = report("model_a (float32) vs shoal predict", &a, 1, 1.0, 1e-5);
  ok &= report("model_b (float32) vs shoal predict", &b, 1, 1.0, 1e-5);
  /* int8 scores are the float model's within the quantisation error: the
   * same 0.05 the firmware test allows. */
  ok &= report("model_a_q (int8) vs shoal predict", &q, 0, 0.98, 0.05);
  ok &= report("model_a, model_a_q in a second unit", &units, 1, 1.0, 0.0);
  return ok;
}

/* ---- self-test ----------------------------------------------------------- */

static int check_self_tests(void) {
  const float nan_row[MODEL_A_N_FEATURES] = {0.0f, 0.0f, 0.0f, 0.0f,
                                             0.0f, 0.0f, 0.0f, NAN};
  model_a_status a = model_a_self_test();
  model_b_status b = model_b_self_test();
  model_a_q_status q = model_a_q_self_test();
  int ok = a == MODEL_A_OK && b == MODEL_B_OK && q == MODEL_A_Q_OK;
  printf("self-tests: model_a %s, model_b %s, model_a_q %s\n",
         model_a_status_string(a), model_b_status_string(b),
         model_a_q_status_string(q));
  ok &= model_a_check_features(nan_row) == MODEL_A_FEATURE_NOT_FINITE;
  ok &= model_a_check_features(model_a_self_test_features[0]) == MODEL_A_OK;
  ok &= strcmp(model_a_status_string(MODEL_A_FEATURE_NOT_FINITE),
               "a feature is NaN or infinite") == 0;
  ok &= strcmp(model_a_status_string(MODEL_A_STATUS_COUNT), "unknown status") ==
        0;
  printf("feature checks and status strings: %s\n", ok ? "ok" : "FAILED");
  return ok;
}

/* ---- features ------------------------------------------------------------ */

typedef struct feature_rows {
  int count;
  char id[MAX_ROWS][16];
  double value[MAX_ROWS][SHOAL_TRACK_N_FEATURES];
} feature_rows;

static feature_rows engine_features;

static void read_feature_rows(const char* path, feature_rows* out) {
  FILE* file = open_or_die(path);
  csv_line header, line;
  int id, first, j;
  read_line(file, &header);
  id = column(&header, "id");
  first = column(&header, "f.meanSpeed");
  out->count = 0;
  while (read_row(file, &line, &header, out->count)) {
    snprintf(out->id[out->count], 16, "%s", line.field[id]);
    for (j = 0; j < SHOAL_TRACK_N_FEATURES; ++j) {
      out->value[out->count][j] = strtod(line.field[first + j], NULL);
    }
    ++out->count;
  }
  fclose(file);
}

typedef struct feature_tally {
  int tracks;   /* tracks in the tracks file */
  int compared; /* tracks with features on both sides */
  int mismatched;
  double worst; /* largest relative difference */
} feature_tally;

static shoal_track track;

/* Compares the finished `track`, the k-th of its file, with the engine's
 * next row. */
static void finish_track(int k, int* next_row, feature_tally* tally) {
  double mine[SHOAL_TRACK_N_FEATURES];
  char id[16];
  int j, has_row, has_mine;
  snprintf(id, sizeof id, "id%d", k);
  has_row = *next_row < engine_features.count &&
            strcmp(engine_features.id[*next_row], id) == 0;
  has_mine = shoal_track_features(&track, mine) == SHOAL_TRACK_OK;
  ++tally->tracks;
  if (has_row != has_mine) {
    fprintf(stderr, "host_check: %s: engine %s, shoal_track.h %s\n", id,
            has_row ? "has features" : "skipped it",
            shoal_track_status_string(shoal_track_features(&track, mine)));
    ++tally->mismatched;
  }
  if (!has_row) return;
  if (has_mine) {
    const double* theirs = engine_features.value[*next_row];
    ++tally->compared;
    for (j = 0; j < SHOAL_TRACK_N_FEATURES; ++j) {
      double gap = fabs(mine[j] - theirs[j]);
      double relative = gap / (fabs(theirs[j]) > 1e-12 ? fabs(theirs[j]) : 1.0);
      if (!(relative <= tally->worst)) tally->worst = relative;
      if (!(relative <= 1e-5)) ++tally->mismatched;
    }
  }
  ++*next_row;
}

static int check_features(int argc, char** argv) {
  feature_tally tally = {0, 0, 0, 0.0};
  csv_line header, line;
  char current[64] = "";
  int next_row = 0, c_track, c_frame, c_x, c_y, c_w, c_h;
  FILE* file;
  if (argc != 4) return 0;
  read_feature_rows(argv[3], &engine_features);
  file = open_or_die(argv[2]);
  read_line(file, &header);
  c_track = column(&header, "track_id");
  c_frame = column(&header, "frame");
  c_x = column(&header, "x");
  c_y = column(&header, "y");
  c_w = column(&header, "w");
  c_h = column(&header, "h");
  while (read_row(file, &line, &header, 0)) {
    if (strcmp(line.field[c_track], current) != 0) {
      /* Tracks of the bundled file are contiguous, as the simulator writes
       * them; the ids count tracks in order of first appearance. */
      if (current[0]) finish_track(tally.tracks + 1, &next_row, &tally);
      snprintf(current, sizeof current, "%s", line.field[c_track]);
      shoal_track_init(&track);
    }
    shoal_track_add(
        &track, (int32_t)strtol(line.field[c_frame], NULL, 10),
        strtod(line.field[c_x], NULL), strtod(line.field[c_y], NULL),
        strtod(line.field[c_w], NULL), strtod(line.field[c_h], NULL));
  }
  if (current[0]) finish_track(tally.tracks + 1, &next_row, &tally);
  fclose(file);
  printf(
      "features: %d tracks, %d compared with %d engine rows, largest "
      "relative difference %.3g, %d mismatches\n",
      tally.tracks, tally.compared, engine_features.count, tally.worst,
      tally.mismatched);
  return tally.mismatched == 0 && tally.compared == engine_features.count &&
         tally.compared > 0;
}

/* ---- firmware output ------------------------------------------------------
 */

/* Finds the firmware's line for `id` ("id3 normal 0.12" or "id3 skipped:
 * ..."); returns 0 when there is none. */
static int firmware_line(FILE* output, const char* id, csv_line* found) {
  char text[LINE_LENGTH];
  size_t length = strlen(id);
  rewind(output);
  while (fgets(text, sizeof text, output)) {
    if (strncmp(text, id, length) == 0 && text[length] == ' ') {
      char* at = text + length + 1;
      text[strcspn(text, "\r\n")] = '\0';
      found->count = 2;
      found->field[0] = found->text;
      snprintf(found->text, LINE_LENGTH, "%s", at);
      found->field[1] = strchr(found->text, ' ');
      if (found->field[1]) *found->field[1]++ = '\0';
      return 1;
    }
  }
  return 0;
}

/* Lines of the firmware's output that give a track a class. */
static int classified_tracks(FILE* output) {
  char text[LINE_LENGTH];
  int count = 0;
  rewind(output);
  while (fgets(text, sizeof text, output)) {
    if (strncmp(text, "id", 2) == 0 && !strstr(text, " skipped:")) ++count;
  }
  return count;
}

static int check_firmware(int argc, char** argv) {
  FILE *output, *engine;
  csv_line header, row, line;
  double tolerance, worst = 0.0;
  int id, cls, score, rows = 0, ok = 1;
  if (argc != 5) return 0;
  tolerance = strtod(argv[4], NULL);
  output = open_or_die(argv[2]);
  engine = open_or_die(argv[3]);
  read_line(engine, &header);
  id = column(&header, "id");
  cls = column(&header, "predicted");
  score = header.count - 1;
  while (read_row(engine, &row, &header, rows)) {
    double gap;
    ++rows;
    if (!firmware_line(output, row.field[id], &line) || !line.field[1]) {
      printf("%s: the firmware printed no class\n", row.field[id]);
      ok = 0;
      continue;
    }
    gap = fabs(strtod(line.field[1], NULL) - strtod(row.field[score], NULL));
    if (!(gap <= worst)) worst = gap;
    if (strcmp(line.field[0], row.field[cls]) != 0 || !(gap <= tolerance)) {
      printf("%s: firmware %s %s, engine %s %s\n", row.field[id], line.field[0],
             line.field[1], row.field[cls], row.field[score]);
      ok = 0;
    }
  }
  if (classified_tracks(output) != rows) {
    printf("the firmware classified %d tracks, the engine %d\n",
           classified_tracks(output), rows);
    ok = 0;
  }
  fclose(engine);
  fclose(output);
  printf(
      "firmware: %d tracks classified as the engine does, largest score "
      "gap %.3g: %s\n",
      rows, worst, ok && rows > 0 ? "ok" : "FAILED");
  return ok && rows > 0;
}

int main(int argc, char** argv) {
  int ok = 0;
  if (argc >= 2 && strcmp(argv[1], "predictions") == 0) {
    ok = check_predictions(argc, argv);
  } else if (argc == 2 && strcmp(argv[1], "self-test") == 0) {
    ok = check_self_tests();
  } else if (argc >= 2 && strcmp(argv[1], "features") == 0) {
    ok = check_features(argc, argv);
  } else if (argc >= 2 && strcmp(argv[1], "firmware") == 0) {
    ok = check_firmware(argc, argv);
  } else {
    fprintf(stderr,
            "usage: host_check predictions|self-test|features|firmware ...\n");
  }
  return ok ? 0 : 1;
}
