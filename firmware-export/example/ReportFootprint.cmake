# Prints the footprint of the exported model on the target: the flash of an
# object that holds only the model's tables and inference functions
# (footprint.c), the stack each of its functions needs (-fstack-usage), the
# library routines it calls, and the size of the whole example firmware.
#
#   cmake -DSIZE=... -DNM=... -DOBJECT=footprint.c.obj -DFIRMWARE=app.elf
#         -P ReportFootprint.cmake

# Flash of the object: every .text and .rodata section.
execute_process(COMMAND ${SIZE} -A ${OBJECT} OUTPUT_VARIABLE sections
                COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" sections "${sections}")
set(code 0)
set(tables 0)
foreach(line IN LISTS sections)
  if(line MATCHES "^\\.text[^ ]* +([0-9]+)")
    math(EXPR code "${code} + ${CMAKE_MATCH_1}")
  elseif(line MATCHES "^\\.rodata[^ ]* +([0-9]+)")
    math(EXPR tables "${tables} + ${CMAKE_MATCH_1}")
  elseif(line MATCHES "^\\.(data|bss)[^ ]* +([1-9][0-9]*)")
    message(FATAL_ERROR "the model has writable data: ${line}")
  endif()
endforeach()
math(EXPR flash "${code} + ${tables}")
message(STATUS "model flash: ${flash} bytes "
               "(${tables} tables + ${code} inference code)")

# Stack of each function, from the .su file next to the object.
string(REGEX REPLACE "\\.(o|obj)$" ".su" su ${OBJECT})
file(STRINGS ${su} frames)
foreach(frame IN LISTS frames)
  string(REGEX REPLACE "^.*:([^:\t]+)\t([0-9]+)\t(.*)$"
         "\\1: \\2 bytes (\\3)" frame "${frame}")
  message(STATUS "model stack: ${frame}")
endforeach()

# What the model needs from the C library: software floating point and libm,
# never the heap.
execute_process(COMMAND ${NM} -u ${OBJECT} OUTPUT_VARIABLE undefined
                COMMAND_ERROR_IS_FATAL ANY)
string(REGEX REPLACE "[ \t]*U " "" undefined "${undefined}")
string(REPLACE "\n" " " undefined "${undefined}")
string(STRIP "${undefined}" undefined)
if(undefined MATCHES "(malloc|calloc|realloc|free|sbrk)")
  message(FATAL_ERROR "the model calls the heap: ${undefined}")
endif()
message(STATUS "model calls: ${undefined}")

execute_process(COMMAND ${SIZE} ${FIRMWARE} OUTPUT_VARIABLE whole
                COMMAND_ERROR_IS_FATAL ANY)
message(STATUS "example firmware (arm-none-eabi-size):\n${whole}")
