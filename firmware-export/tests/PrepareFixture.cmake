# Test fixture of the device export: trains the fish_compare experiment with
# the built `shoal`, exports its models as C headers, and writes what the
# engine says about the same rows and tracks, for the checks to compare.
#
#   cmake -DSHOAL=bin/shoal -DWRITE_TEST_ROWS=... -DSOURCE=<source tree>
#         -DWORK=<folder> -P PrepareFixture.cmake
#
# Writes into WORK:
#   run/                      shoal run configs/fish_compare.yaml
#   test_rows.csv             the class-weighted model's test rows
#   predict_a.csv, _b.csv     shoal predict of the class_weight and smote
#                             models on those rows
#   include/model_a.h         float32, class_weight (prefix model_a)
#   include/model_a_q.h       int8, class_weight (prefix model_a_q)
#   include/model_b.h         float32, smote (prefix model_b)
#   float32/fish_detector.h   the example firmware's header, per precision
#   int8/fish_detector.h
#   tracks_features.csv       shoal features of the bundled tracks
#   example_features.csv      shoal features and shoal predict of the
#   example_predict.csv       example firmware's tracks

# Runs one command; stops the fixture with its output when it fails.
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${status}): ${command}\n${out}${err}")
  endif()
  message(STATUS "${out}${err}")
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/include ${WORK}/float32 ${WORK}/int8)
set(models ${WORK}/run/models)

step(${SHOAL} run ${SOURCE}/configs/fish_compare.yaml --out ${WORK}/run)
step(${WRITE_TEST_ROWS} ${models}/class_weight.json ${WORK}/test_rows.csv)
step(${SHOAL} predict ${models}/class_weight.json ${WORK}/test_rows.csv
     -o ${WORK}/predict_a.csv)
step(${SHOAL} predict ${models}/smote.json ${WORK}/test_rows.csv
     -o ${WORK}/predict_b.csv)

# Prefixes taken from the file names: model_a, model_a_q, model_b.
step(${SHOAL} export ${models}/class_weight.json -o ${WORK}/include/model_a.h)
step(${SHOAL} export ${models}/class_weight.json --precision int8
     -o ${WORK}/include/model_a_q.h)
step(${SHOAL} export ${models}/smote.json -o ${WORK}/include/model_b.h)
foreach(precision float32 int8)
  step(${SHOAL} export ${models}/class_weight.json --precision ${precision}
       --prefix fish_detector -o ${WORK}/${precision}/fish_detector.h)
endforeach()

step(${SHOAL} features ${SOURCE}/data/fish_sim_tracks.csv
     -o ${WORK}/tracks_features.csv)
step(${SHOAL} features ${SOURCE}/firmware-export/example/tracks.csv
     -o ${WORK}/example_features.csv)
step(${SHOAL} predict ${models}/class_weight.json ${WORK}/example_features.csv
     -o ${WORK}/example_predict.csv)
