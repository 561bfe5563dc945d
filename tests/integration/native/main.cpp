// Catch2 entry point of the native-layer tests (ONNX Runtime, files, pipeline).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
