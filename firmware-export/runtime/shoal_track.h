/*
 * shoal_track.h: the eight motion features of one fish track, computed on
 * the device from the tracker's detections, exactly as `shoal features`
 * computes them (core/include/shoal/trajectory.hpp holds the definition).
 *
 * Feed the detections of one track, in frame order, into a shoal_track with
 * shoal_track_add(), then call shoal_track_features(). The features come
 * out in the order an exported model expects them:
 *
 *   0 f.meanSpeed  1 f.sdSpeed  2 f.minSpeed  3 f.maxSpeed   pixels/frame
 *   4 f.meanAcc    5 f.sdAcc    6 f.minAcc    7 f.maxAcc     pixels/frame^2
 *
 * How they are computed: the point is the box centre; missed frames are
 * filled by linear interpolation so that there is one point per frame; the
 * speed is the distance between consecutive points, the acceleration the
 * change of speed; each feature is the mean, sample standard deviation
 * (n - 1), minimum or maximum of those values. Everything is computed in
 * double: box coordinates of a few hundred pixels would lose the digits of a
 * one-pixel step in single precision.
 *
 * Memory: a shoal_track holds one double per frame the track spans, up to
 * SHOAL_TRACK_MAX_FRAMES, about 8 * SHOAL_TRACK_MAX_FRAMES bytes; put it in
 * static storage or on a stack that is large enough. No heap, no global
 * state. Every function is static inline, so defining
 * SHOAL_TRACK_MAX_FRAMES differently in two files cannot mix two layouts.
 *
 * Compiles as C99 and C++. Needs <math.h> (hypot, sqrt).
 */
#ifndef SHOAL_TRACK_H
#define SHOAL_TRACK_H

#include <math.h>
#include <stdint.h>

/* Longest track, in frames from the first detection to the last inclusive.
 * Longer tracks are refused with SHOAL_TRACK_TOO_LONG. */
#ifndef SHOAL_TRACK_MAX_FRAMES
#define SHOAL_TRACK_MAX_FRAMES 512
#endif

/* Tracks with fewer detections get no features, as in the Fish4Knowledge
 * study (and `shoal features`' default). At least 4: the standard deviation
 * of accelerations needs two of them. */
#ifndef SHOAL_TRACK_MIN_DETECTIONS
#define SHOAL_TRACK_MIN_DETECTIONS 10
#endif

#define SHOAL_TRACK_N_FEATURES 8

typedef char
    shoal_track_min_detections_at_least_4[SHOAL_TRACK_MIN_DETECTIONS >= 4 ? 1
                                                                          : -1];
typedef char shoal_track_max_frames_at_least_min
    [SHOAL_TRACK_MAX_FRAMES >= SHOAL_TRACK_MIN_DETECTIONS ? 1 : -1];

/* What went wrong with a track. The first error sticks: later detections
 * are ignored and shoal_track_features() reports it. The strings table
 * below holds one message per code, in the same order. */
typedef enum shoal_track_status {
  SHOAL_TRACK_OK = 0,
  SHOAL_TRACK_FRAME_NOT_INCREASING = 1,
  SHOAL_TRACK_NOT_FINITE = 2,
  SHOAL_TRACK_BOX_NOT_POSITIVE = 3,
  SHOAL_TRACK_TOO_LONG = 4,
  SHOAL_TRACK_TOO_SHORT = 5,
  SHOAL_TRACK_STATUS_COUNT = 6
} shoal_track_status;

static const char* const shoal_track_status_strings[] = {
    "ok",
    "a frame number did not increase",
    "a box coordinate is NaN or infinite",
    "a box width or height is not positive",
    "the track spans more than SHOAL_TRACK_MAX_FRAMES frames",
    "the track has fewer than SHOAL_TRACK_MIN_DETECTIONS detections"};

typedef char shoal_track_status_strings_in_step
    [sizeof shoal_track_status_strings / sizeof shoal_track_status_strings[0] ==
             SHOAL_TRACK_STATUS_COUNT
         ? 1
         : -1];

/* One track being fed. Treat the members as private. */
typedef struct shoal_track {
  int32_t first_frame;
  int32_t last_frame;
  double last_x; /* centre of the last detection, which is also the last */
  double last_y; /* point of the one-frame grid */
  uint32_t detections;
  uint32_t speeds;
  shoal_track_status status;
  double speed[SHOAL_TRACK_MAX_FRAMES - 1];
} shoal_track;

/* Makes `track` empty, ready for the first detection. */
static inline void shoal_track_init(shoal_track* track) {
  track->first_frame = 0;
  track->last_frame = 0;
  track->last_x = 0.0;
  track->last_y = 0.0;
  track->detections = 0;
  track->speeds = 0;
  track->status = SHOAL_TRACK_OK;
}

/* Why detection (frame, x, y, w, h) cannot follow the track so far, or
 * SHOAL_TRACK_OK. */
static inline shoal_track_status shoal_track_check(const shoal_track* track,
                                                   int32_t frame, double x,
                                                   double y, double w,
                                                   double h) {
  /* v - v is 0 for every finite v and NaN otherwise; the sum is NaN when
   * any of them is. Compared without == so that -Wfloat-equal stays quiet. */
  const double zero = (x - x) + (y - y) + (w - w) + (h - h);
  if (!(zero <= 0.0 && zero >= 0.0)) return SHOAL_TRACK_NOT_FINITE;
  if (!(w > 0.0 && h > 0.0)) return SHOAL_TRACK_BOX_NOT_POSITIVE;
  if (track->detections == 0) return SHOAL_TRACK_OK;
  if (frame <= track->last_frame) return SHOAL_TRACK_FRAME_NOT_INCREASING;
  if ((int64_t)frame - track->first_frame >= SHOAL_TRACK_MAX_FRAMES) {
    return SHOAL_TRACK_TOO_LONG;
  }
  return SHOAL_TRACK_OK;
}

/* Adds one detection: the video frame number and the bounding box in
 * pixels, (x, y) its top-left corner. Frames must increase; missed frames
 * in between are interpolated. Returns the track's status. */
static inline shoal_track_status shoal_track_add(shoal_track* track,
                                                 int32_t frame, double x,
                                                 double y, double w, double h) {
  const double cx = x + w / 2, cy = y + h / 2;
  double px = track->last_x, py = track->last_y;
  int32_t k, gap;
  shoal_track_status problem;

  if (track->status != SHOAL_TRACK_OK) return track->status;
  problem = shoal_track_check(track, frame, x, y, w, h);
  if (problem != SHOAL_TRACK_OK) {
    track->status = problem;
    return problem;
  }
  if (track->detections++ == 0) {
    track->first_frame = frame;
  } else {
    /* One grid point per missed frame, on the segment between the last
     * detection and this one, then this detection itself. */
    gap = frame - track->last_frame;
    for (k = 1; k < gap; ++k) {
      const double r = (double)k / (double)gap;
      const double qx = track->last_x + (cx - track->last_x) * r;
      const double qy = track->last_y + (cy - track->last_y) * r;
      track->speed[track->speeds++] = hypot(qx - px, qy - py);
      px = qx;
      py = qy;
    }
    track->speed[track->speeds++] = hypot(cx - px, cy - py);
  }
  track->last_frame = frame;
  track->last_x = cx;
  track->last_y = cy;
  return SHOAL_TRACK_OK;
}

/* Value j of the speeds (differences == 0) or of the accelerations, the
 * differences of consecutive speeds (differences == 1). */
static inline double shoal_track_value(const shoal_track* track, uint32_t j,
                                       int differences) {
  return differences ? track->speed[j + 1] - track->speed[j] : track->speed[j];
}

/* Mean, sample standard deviation, minimum and maximum of n values, with
 * the engine's arithmetic: the mean refined by a second pass over the
 * residuals, the variance summed around that mean. */
static inline void shoal_track_summarise(const shoal_track* track, uint32_t n,
                                         int differences, double out[4]) {
  double sum = 0.0, residual = 0.0, squares = 0.0, mean;
  double low = shoal_track_value(track, 0, differences), high = low;
  uint32_t j;

  for (j = 0; j < n; ++j) sum += shoal_track_value(track, j, differences);
  mean = sum / n;
  for (j = 0; j < n; ++j) {
    residual += shoal_track_value(track, j, differences) - mean;
  }
  mean += residual / n;
  for (j = 0; j < n; ++j) {
    const double v = shoal_track_value(track, j, differences);
    squares += (v - mean) * (v - mean);
    if (v < low) low = v;
    if (v > high) high = v;
  }
  out[0] = mean;
  out[1] = sqrt(squares / (n - 1));
  out[2] = low;
  out[3] = high;
}

/* Writes the eight features of the track fed so far, in the order listed at
 * the top of this file. Returns SHOAL_TRACK_OK, the track's first error, or
 * SHOAL_TRACK_TOO_SHORT (features left untouched in both cases). */
static inline shoal_track_status shoal_track_features(
    const shoal_track* track, double features[SHOAL_TRACK_N_FEATURES]) {
  if (track->status != SHOAL_TRACK_OK) return track->status;
  if (track->detections < SHOAL_TRACK_MIN_DETECTIONS) {
    return SHOAL_TRACK_TOO_SHORT;
  }
  shoal_track_summarise(track, track->speeds, 0, features);
  shoal_track_summarise(track, track->speeds - 1, 1, features + 4);
  return SHOAL_TRACK_OK;
}

/* A short English message for a status code. */
static inline const char* shoal_track_status_string(shoal_track_status status) {
  int code = (int)status;
  if (code < 0 || code >= (int)SHOAL_TRACK_STATUS_COUNT) {
    return "unknown status";
  }
  return shoal_track_status_strings[code];
}

#endif /* SHOAL_TRACK_H */
