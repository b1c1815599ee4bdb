# Prints what calling the model adds to a firmware image: the size
# (text + data, arm-none-eabi-size) of minimal programs that make one
# predict() or score() call, less that of the same program making none.
#
#   cmake -DSIZE=... -DFOLDER=<example build folder> -P LibraryFootprint.cmake

function(image_bytes elf result)
  execute_process(COMMAND ${SIZE} ${elf} OUTPUT_VARIABLE table
                  COMMAND_ERROR_IS_FATAL ANY)
  string(REGEX MATCH "\n *([0-9]+)[ \t]+([0-9]+)" row "${table}")
  math(EXPR bytes "${CMAKE_MATCH_1} + ${CMAKE_MATCH_2}")
  set(${result} ${bytes} PARENT_SCOPE)
endfunction()

image_bytes(${FOLDER}/minimal_0.elf base)
foreach(call 1 2)
  image_bytes(${FOLDER}/minimal_${call}.elf with)
  math(EXPR growth "${with} - ${base}")
  if(call EQUAL 1)
    set(function predict)
  else()
    set(function score)
  endif()
  message(STATUS "fish_detector_${function}() with its library routines: "
                 "${growth} bytes of flash (${with} - ${base})")
endforeach()
