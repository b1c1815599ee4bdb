# Counts the Cortex-M3 instructions of one inference: runs each bench
# program in QEMU with one instruction per translation block and a log line
# per executed block, and prints (count of 31 runs - count of 1 run) / 30.
#
#   cmake -DFOLDER=<example build folder> -P CountInstructions.cmake

function(executed_instructions elf result)
  set(log ${elf}.trace)
  execute_process(
    COMMAND timeout 300 qemu-system-arm -M mps2-an385 -nographic
      -semihosting-config enable=on,target=native -kernel ${elf}
      -singlestep -d exec,nochain -D ${log}
    RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${elf} failed in QEMU (${status})")
  endif()
  file(STRINGS ${log} lines REGEX "^Trace")
  list(LENGTH lines count)
  file(REMOVE ${log})
  set(${result} ${count} PARENT_SCOPE)
endfunction()

foreach(function predict score)
  executed_instructions(${FOLDER}/bench_${function}_1.elf once)
  executed_instructions(${FOLDER}/bench_${function}_31.elf many)
  math(EXPR each "(${many} - ${once}) / 30")
  message(STATUS "fish_detector_${function}(): ${each} instructions "
                 "(QEMU: ${once} for 1 run, ${many} for 31)")
endforeach()
