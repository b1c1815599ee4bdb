# shoal_add_plugin(<name> [OUTPUT_DIRECTORY <dir>] [NO_INSTALL] <source>...)
#
# Builds an imbalance strategy as a shared library that `shoal` can load by
# <name>: the file is called shoal_<name>.so, so a config entry
# `- plugin: <name>` finds it on the plugin search path. Works inside the shoal
# tree and in an outside project after find_package(shoal).
#
#   OUTPUT_DIRECTORY  where the built file goes. Default: inside the shoal
#                     tree, <build>/plugins (next to <build>/bin/shoal, where
#                     shoal looks); elsewhere, CMake's usual output folder.
#   NO_INSTALL        no install rule (for test fixtures). Otherwise
#                     `cmake --install` puts the plugin in
#                     SHOAL_PLUGIN_INSTALL_DIR if set, else in
#                     <libdir>/shoal/plugins of the install prefix: the folder
#                     an installed shoal searches when the prefixes match.
#
# Inside the shoal tree, installed plugins are also recorded in the global
# property SHOAL_PLUGINS, so the tests can check each shipped plugin.
function(shoal_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_INSTALL" "OUTPUT_DIRECTORY" "")
  if(NOT name MATCHES "^[a-z][a-z0-9_]*$")
    message(FATAL_ERROR
      "shoal_add_plugin: '${name}' is not a valid strategy name "
      "(lowercase letters, digits and underscores, starting with a letter)")
  endif()
  if(NOT arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "shoal_add_plugin(${name}): no source files given")
  endif()
  set(target shoal_${name})
  add_library(${target} MODULE ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE shoal::core)
  target_compile_features(${target} PRIVATE cxx_std_17)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME shoal_${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    # A project configured without a build type would get no optimisation,
    # and neighbour searches are slow without it.
    target_compile_options(${target} PRIVATE -O2)
  endif()
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${arg_OUTPUT_DIRECTORY})
  elseif(DEFINED SHOAL_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${SHOAL_PLUGIN_OUTPUT_DIR})
  endif()
  if(NOT arg_NO_INSTALL)
    _shoal_install_plugin(${name} ${target})
  endif()
endfunction()

# Installs the plugin <name>, built by <target>, into the plugin folder.
function(_shoal_install_plugin name target)
  if(DEFINED SHOAL_PLUGIN_INSTALL_DIR)
    set(destination ${SHOAL_PLUGIN_INSTALL_DIR})
  elseif(DEFINED CMAKE_INSTALL_LIBDIR)
    set(destination ${CMAKE_INSTALL_LIBDIR}/shoal/plugins)
  else()
    set(destination lib/shoal/plugins)
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION ${destination})
  if(TARGET shoal_core)
    # Built with shoal itself: libshoal is installed in <libdir>, so the
    # plugin finds it from <libdir>/shoal/plugins even when loaded by a
    # program that does not link libshoal.
    set(full_destination ${destination})
    if(NOT IS_ABSOLUTE ${destination})
      set(full_destination ${CMAKE_INSTALL_PREFIX}/${destination})
    endif()
    file(RELATIVE_PATH to_libdir ${full_destination}
         ${CMAKE_INSTALL_FULL_LIBDIR})
    set_target_properties(${target} PROPERTIES
      INSTALL_RPATH "$ORIGIN/${to_libdir}")
    set_property(GLOBAL APPEND PROPERTY SHOAL_PLUGINS ${name})
  else()
    # Built against an installed shoal: keep the folder of the libshoal it
    # was linked with, so the installed plugin still finds it when loaded
    # by a program that does not link libshoal itself.
    set_target_properties(${target} PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
  endif()
endfunction()
