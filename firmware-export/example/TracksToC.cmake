# shoal_tracks_to_c(<tracks.csv> <output folder>)
#
# Writes example_tracks.h and example_tracks.c: the detections of a tracks
# CSV (header with at least track_id,label,frame,x,y,w,h; one detection a
# line; the rows of a track contiguous) as static const C tables, so the
# firmware can replay recorded tracks without a file system.
function(shoal_tracks_to_c csv output)
  file(STRINGS ${csv} lines)
  list(POP_FRONT lines header)
  string(REPLACE "," ";" header "${header}")
  foreach(name track_id label frame x y w h)
    list(FIND header ${name} at_${name})
    if(at_${name} LESS 0)
      message(FATAL_ERROR "${csv}: no column '${name}'")
    endif()
  endforeach()

  set(body "")
  set(table "")
  set(current "")
  set(seen "")
  set(count 0)
  set(tracks 0)
  foreach(line IN LISTS lines)
    string(REPLACE "," ";" f "${line}")
    foreach(name track_id label frame x y w h)
      list(GET f ${at_${name}} ${name})
    endforeach()
    if(NOT track_id STREQUAL current)
      if(track_id IN_LIST seen)
        message(FATAL_ERROR "${csv}: rows of track ${track_id} are not "
                            "contiguous")
      endif()
      if(tracks GREATER 0)
        string(APPEND body "};\n")
        string(APPEND table "${count}, track_${tracks}},\n")
      endif()
      math(EXPR tracks "${tracks} + 1")
      list(APPEND seen ${track_id})
      set(current ${track_id})
      set(count 0)
      string(APPEND body "\n/* track_id ${track_id}, ${label} */\n"
             "static const example_detection track_${tracks}[] = {\n")
      string(APPEND table "    {\"${track_id}\", \"${label}\", ")
    endif()
    string(APPEND body "    {${frame}, ${x}, ${y}, ${w}, ${h}},\n")
    math(EXPR count "${count} + 1")
  endforeach()
  if(tracks EQUAL 0)
    message(FATAL_ERROR "${csv}: no detections")
  endif()
  string(APPEND body "};\n")
  string(APPEND table "${count}, track_${tracks}},\n")

  file(WRITE ${output}/example_tracks.h
"/* Generated from ${csv} by TracksToC.cmake. */
#ifndef EXAMPLE_TRACKS_H
#define EXAMPLE_TRACKS_H

#include <stdint.h>

/* One detection: video frame and bounding box in pixels. */
typedef struct example_detection {
  int32_t frame;
  double x, y, w, h;
} example_detection;

/* One recorded track, in file order. */
typedef struct example_track {
  const char* id;    /* track_id in the CSV */
  const char* label; /* the recorded behaviour */
  int count;
  const example_detection* detections;
} example_track;

#define EXAMPLE_TRACK_COUNT ${tracks}
extern const example_track example_tracks[EXAMPLE_TRACK_COUNT];

#endif
")
  file(WRITE ${output}/example_tracks.c
"/* Generated from ${csv} by TracksToC.cmake. */
#include \"example_tracks.h\"
${body}
const example_track example_tracks[EXAMPLE_TRACK_COUNT] = {
${table}};
")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${csv})
endfunction()
