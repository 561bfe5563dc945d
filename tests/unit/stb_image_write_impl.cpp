// The unit tests' one copy of stb_image_write (test_dicom.cpp writes JPEG
// Baseline frames and deflate streams with it; the core never writes images).
// Its JPEG encoder shifts negative values left (stbiw__jpg_writeBits), which
// the sanitizer build's UBSan reports: this file alone is compiled without the
// shift checks there (tests/CMakeLists.txt). Not our code, and only the tests'.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>
#pragma GCC diagnostic pop
