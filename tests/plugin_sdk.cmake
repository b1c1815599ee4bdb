# ctest entries for the plugin SDK (included from tests/CMakeLists.txt):
#  - plugin_check.<name>: `shoal plugin-check <name>` passes for every
#    plugin shipped with shoal (shoal_add_plugin records them in the global
#    property SHOAL_PLUGINS);
#  - out_of_tree_example: installs this build into a temporary prefix,
#    builds plugins/examples/out_of_tree against the installed SDK alone,
#    checks the example with the installed `shoal plugin-check` and uses it
#    by name in a config run (see out_of_tree_example.sh).
get_property(shipped_plugins GLOBAL PROPERTY SHOAL_PLUGINS)
foreach(name ${shipped_plugins})
  add_test(NAME plugin_check.${name} COMMAND shoal plugin-check ${name})
  set_tests_properties(plugin_check.${name} PROPERTIES
    ENVIRONMENT "SHOAL_PLUGIN_PATH=" LABELS plugin_sdk)
endforeach()

add_test(NAME out_of_tree_example
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/out_of_tree_example.sh
          ${PROJECT_BINARY_DIR}
          ${PROJECT_SOURCE_DIR}/plugins/examples/out_of_tree)
set_tests_properties(out_of_tree_example PROPERTIES
  ENVIRONMENT "SHOAL_PLUGIN_PATH=" LABELS plugin_sdk TIMEOUT 900)
