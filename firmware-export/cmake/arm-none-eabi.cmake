# CMake toolchain file for bare-metal Arm Cortex-M3 with the GNU Arm
# Embedded toolchain (Debian: gcc-arm-none-eabi, libnewlib-arm-none-eabi).
#
#   cmake -S firmware-export/example -B build-example \
#         -DCMAKE_TOOLCHAIN_FILE=firmware-export/cmake/arm-none-eabi.cmake
#
# Programs link against newlib with semihosting (--specs=rdimon.specs), so
# printf() and exit() reach the host through the debugger or QEMU.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "arm-none-eabi-size")
set(CMAKE_NM arm-none-eabi-nm CACHE FILEPATH "arm-none-eabi-nm")

# Without an operating system try_compile cannot link a test program.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(SHOAL_CORTEX_M3_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
set(CMAKE_C_FLAGS_INIT
    "${SHOAL_CORTEX_M3_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${CMAKE_C_FLAGS_INIT}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${SHOAL_CORTEX_M3_FLAGS} --specs=rdimon.specs -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
