# Locates the Debian packages shoal builds against (tools/setup.sh installs
# them). Nothing is vendored.

find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(Threads REQUIRED)

find_path(TINY_DNN_INCLUDE_DIR tiny_dnn/tiny_dnn.h REQUIRED)
find_path(STB_INCLUDE_DIR stb_image.h PATH_SUFFIXES stb REQUIRED)
find_path(CEREAL_INCLUDE_DIR cereal/cereal.hpp REQUIRED)
find_path(NANOFLANN_INCLUDE_DIR nanoflann.hpp REQUIRED)

find_path(MATIO_INCLUDE_DIR matio.h REQUIRED)
find_library(MATIO_LIBRARY matio REQUIRED)
find_library(TCMALLOC_LIBRARY tcmalloc_minimal)

# tiny-dnn includes "third_party/stb/...": give it a folder where that path
# leads to Debian's stb headers.
set(SHOAL_TINY_DNN_SHIM ${PROJECT_BINARY_DIR}/tiny_dnn_shim)
file(MAKE_DIRECTORY ${SHOAL_TINY_DNN_SHIM}/third_party)
if(NOT EXISTS ${SHOAL_TINY_DNN_SHIM}/third_party/stb)
  file(CREATE_LINK ${STB_INCLUDE_DIR} ${SHOAL_TINY_DNN_SHIM}/third_party/stb
       SYMBOLIC)
endif()

add_library(shoal_tiny_dnn INTERFACE)
target_include_directories(shoal_tiny_dnn SYSTEM INTERFACE
  ${TINY_DNN_INCLUDE_DIR} ${SHOAL_TINY_DNN_SHIM} ${CEREAL_INCLUDE_DIR})
# One network per thread: tiny-dnn's own thread pool would start threads on
# every batch.
target_compile_definitions(shoal_tiny_dnn INTERFACE CNN_SINGLE_THREAD)
