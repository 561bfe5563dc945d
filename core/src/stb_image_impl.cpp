// The single compiled copy of stb_image (configured in stb_config.h).
#define STB_IMAGE_IMPLEMENTATION
#include "stb_config.h"
