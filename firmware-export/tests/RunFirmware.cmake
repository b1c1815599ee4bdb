# Builds the example firmware with arm-none-eabi-gcc for one precision, runs
# it in qemu-system-arm (mps2-an385, Cortex-M3), and checks what it prints:
# the self-test passes; every track the engine classified gets the engine's
# class and a score within 1e-5 of the engine's (0.05 in int8); every other
# track is reported as skipped; the model fits its flash and stack budgets.
#
#   cmake -DSOURCE=firmware-export -DWORK=<fixture folder>
#         -DPRECISION=float32|int8 -DCOMPARE=<host_check program>
#         -P RunFirmware.cmake

set(build ${WORK}/example_${PRECISION})
set(header ${WORK}/${PRECISION}/fish_detector.h)
# Budgets for the default 8-16-8-2 network on Cortex-M3: tables plus
# inference code, and the stack of one call with library routines.
if(PRECISION STREQUAL "float32")
  set(flash_budget 2048)
  set(score_tolerance 1e-5)
else()
  set(flash_budget 1024)
  set(score_tolerance 0.05)
endif()
set(stack_budget 256)

foreach(tool arm-none-eabi-gcc qemu-system-arm timeout)
  find_program(found_${tool} ${tool})
  if(NOT found_${tool})
    message(FATAL_ERROR "${tool} not found: run tools/setup.sh, or configure "
                        "with -DSHOAL_BUILD_FIRMWARE_TESTS=OFF")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${status}): ${command}\n${out}${err}")
  endif()
  set(output "${out}${err}" PARENT_SCOPE)
endfunction()

# ---- Build ----------------------------------------------------------------
run(${CMAKE_COMMAND} -S ${SOURCE}/example -B ${build}
    -DCMAKE_TOOLCHAIN_FILE=${SOURCE}/cmake/arm-none-eabi.cmake
    -DSHOAL_MODEL_HEADER=${header})
run(${CMAKE_COMMAND} --build ${build})
message(STATUS "${output}")
string(REGEX MATCH "model flash: ([0-9]+) bytes" found "${output}")
set(flash ${CMAKE_MATCH_1})
if(NOT flash OR flash GREATER flash_budget)
  message(FATAL_ERROR "model flash '${flash}' exceeds ${flash_budget} bytes")
endif()

# ---- Run ------------------------------------------------------------------
run(timeout 60 qemu-system-arm -M mps2-an385 -nographic
    -semihosting-config enable=on,target=native
    -kernel ${build}/example_firmware.elf)
set(printed "${output}")
message(STATUS "firmware output:\n${printed}")
if(NOT printed MATCHES "self-test: ok\n")
  message(FATAL_ERROR "the self-test did not pass")
endif()
if(NOT printed MATCHES "\ndone\n")
  message(FATAL_ERROR "the firmware did not finish")
endif()
string(REGEX MATCH "predict ([0-9]+) bytes, score ([0-9]+) bytes" found
       "${printed}")
if(NOT found OR CMAKE_MATCH_1 GREATER stack_budget OR
   CMAKE_MATCH_2 GREATER stack_budget)
  message(FATAL_ERROR "stack of one call exceeds ${stack_budget} bytes")
endif()

# ---- Compare with the engine ----------------------------------------------
# host_check (built by the firmware.compile.gcc_c99 test) reads both.
file(WRITE ${build}/output.txt "${printed}")
run(${COMPARE} firmware ${build}/output.txt ${WORK}/example_predict.csv
    ${score_tolerance})
message(STATUS "${output}")
