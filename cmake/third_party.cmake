# Header-only dependencies from Debian packages (libstb-dev, nlohmann-json3-dev,
# catch2). Emscripten must never see -I/usr/include (it would pick up glibc
# headers), so each package folder is exposed through a symlink in a private
# include directory instead.
set(DXLENS_THIRD_PARTY_INCLUDE "${CMAKE_BINARY_DIR}/third_party/include")
file(MAKE_DIRECTORY "${DXLENS_THIRD_PARTY_INCLUDE}")
foreach(pkg nlohmann catch2)
  if(NOT EXISTS "/usr/include/${pkg}")
    message(FATAL_ERROR "/usr/include/${pkg} is missing: run tools/setup.sh (installs the Debian packages)")
  endif()
  file(CREATE_LINK "/usr/include/${pkg}" "${DXLENS_THIRD_PARTY_INCLUDE}/${pkg}" SYMBOLIC)
endforeach()
if(NOT EXISTS "/usr/include/stb/stb_image.h")
  message(FATAL_ERROR "stb_image.h is missing: run tools/setup.sh (installs libstb-dev)")
endif()
set(DXLENS_STB_INCLUDE "/usr/include/stb")

if(EMSCRIPTEN)
  # -fexceptions: dxlens::Error must be catchable so bad input never aborts the module.
  set(DXLENS_WASM_FLAGS -msimd128 -fexceptions)
endif()
