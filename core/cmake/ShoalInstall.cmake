# The installed SDK's CMake package: after `cmake --install`, an outside
# project writes
#
#   find_package(shoal 0.1 REQUIRED)
#   shoal_add_plugin(my_strategy my_strategy.cpp)   # a strategy plugin
#   target_link_libraries(my_program PRIVATE shoal::core)  # or a program
#
# The package provides the targets shoal::core (libshoal and its headers)
# and shoal::shoal (the command, for tests that run `shoal plugin-check`),
# and the function shoal_add_plugin().
include(CMakePackageConfigHelpers)

set(SHOAL_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/shoal)

install(EXPORT shoalTargets NAMESPACE shoal::
  DESTINATION ${SHOAL_CMAKE_INSTALL_DIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/shoalConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/shoalConfig.cmake
  INSTALL_DESTINATION ${SHOAL_CMAKE_INSTALL_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR SHOAL_PLUGIN_INSTALL_DIR)
# Plugins are checked against the plugin API version at load time, so any
# 0.1.x SDK builds plugins for any 0.1.x shoal; a new minor version of a 0.x
# release may change the interface.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/package/shoalConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)

install(FILES
  ${PROJECT_BINARY_DIR}/package/shoalConfig.cmake
  ${PROJECT_BINARY_DIR}/package/shoalConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/ShoalPlugin.cmake
  DESTINATION ${SHOAL_CMAKE_INSTALL_DIR})

# A skeleton generator for outside projects (see docs/PLUGINS.md).
install(PROGRAMS ${PROJECT_SOURCE_DIR}/tools/new-plugin
  DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME shoal-new-plugin)
