# shoal_add_plugin(<name> <source>...)
#
# Builds an imbalance strategy as a shared library that `shoal` can load by
# <name>: the file is called shoal_<name>.so, so a config entry
# `- plugin: <name>` finds it on the plugin search path. Works inside the shoal
# tree and in an outside project after find_package(shoal).
function(shoal_add_plugin name)
  if(NOT name MATCHES "^[a-z][a-z0-9_]*$")
    message(FATAL_ERROR
      "shoal_add_plugin: '${name}' is not a valid strategy name "
      "(lowercase letters, digits and underscores, starting with a letter)")
  endif()
  set(target shoal_${name})
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE shoal::core)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME shoal_${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED SHOAL_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${SHOAL_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED SHOAL_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${SHOAL_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
