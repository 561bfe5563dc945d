# ONNX Runtime 1.29 from the npm package com.github.asus4.onnxruntime, fetched
# once per machine by tools/fetch_onnxruntime.sh into $DXLENS_CACHE.
if(NOT DXLENS_ORT_ROOT)
  execute_process(COMMAND bash "${PROJECT_SOURCE_DIR}/tools/fetch_onnxruntime.sh"
                  OUTPUT_VARIABLE DXLENS_ORT_ROOT OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE ort_fetch_result)
  if(NOT ort_fetch_result EQUAL 0)
    message(FATAL_ERROR "Could not fetch ONNX Runtime (tools/fetch_onnxruntime.sh failed)")
  endif()
  set(DXLENS_ORT_ROOT "${DXLENS_ORT_ROOT}" CACHE PATH "ONNX Runtime root (include/, lib/)")
endif()
add_library(onnxruntime SHARED IMPORTED GLOBAL)
set_target_properties(onnxruntime PROPERTIES
  IMPORTED_LOCATION "${DXLENS_ORT_ROOT}/lib/libonnxruntime.so.1"
  IMPORTED_SONAME "libonnxruntime.so.1"
  INTERFACE_INCLUDE_DIRECTORIES "${DXLENS_ORT_ROOT}/include")
message(STATUS "ONNX Runtime: ${DXLENS_ORT_ROOT}")
