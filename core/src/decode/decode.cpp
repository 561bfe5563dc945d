#include "dxlens/decode.h"

#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#include "dxlens/error.h"
#include "dxlens/exif.h"
#include "image_format.h"
#include "formats.h"
#include "stb_config.h"

namespace dxlens {
namespace {

constexpr uint64_t kMaxPixelBytes = uint64_t(1) << 30;

std::string dimensions(const ImageInfo& info) {
    return std::to_string(info.width) + "x" + std::to_string(info.height);
}

// An image's size: "3600.0" for big images, "0.00019" for tiny ones (where
// "0.0" would read as none).
std::string image_megapixels(uint64_t pixels) {
    char text[32];
    double mp = double(pixels) / 1e6;
    std::snprintf(text, sizeof text, mp >= 0.1 ? "%.1f" : "%.2g", mp);
    return text;
}

// A limit as set: "100", "2.5", "0.000191".
std::string limit_megapixels(uint64_t pixels) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", double(pixels) / 1e6);
    return text;
}

void check_limits(const ImageInfo& info, const DecodeLimits& limits) {
    const uint64_t pixels = uint64_t(info.width) * uint64_t(info.height);  // < 2^62
    if (pixels > limits.max_pixels) {
        throw Error(ErrorKind::TooLarge, "image is " + dimensions(info) + " (" + image_megapixels(pixels) +
                    " megapixels), above the " + limit_megapixels(limits.max_pixels) +
                    " megapixel limit");
    }
    if (info.width > STBI_MAX_DIMENSIONS || info.height > STBI_MAX_DIMENSIONS) {
        throw Error(ErrorKind::TooLarge, "image is " + dimensions(info) + ": sides longer than " +
                    std::to_string(STBI_MAX_DIMENSIONS) + " pixels are not supported");
    }
    // stb sizes its buffers with int arithmetic (and refuses PNGs over 2^30
    // samples), and size_t is 32 bits in wasm: cap the pixel buffer at 1 GiB so
    // a raised pixel limit meets a clear message rather than an overflow.
    const uint64_t bytes_per_pixel = uint64_t(info.channels) * (info.bit_depth == 16 ? 2 : 1);
    if (bytes_per_pixel == 0 || pixels > kMaxPixelBytes / bytes_per_pixel) {
        throw Error(ErrorKind::TooLarge, "image is " + dimensions(info) + " with " + std::to_string(info.channels) + " " +
                    std::to_string(info.bit_depth) + "-bit channels: its pixels would take over 1 GiB, "
                    "more than the decoder supports");
    }
}

struct StbFree {
    void operator()(void* pixels) const { stbi_image_free(pixels); }
};

template <typename Sample>
using StbPixels = std::unique_ptr<Sample, StbFree>;

[[noreturn]] void stb_failed(ImageFormat format) {
    throw Error(ErrorKind::Corrupt, std::string("corrupt or truncated ") + format_name(format) + ": " +
                stb_failure_reason_or("invalid image data"));
}

// Runs stb with the file's own channel count (req_comp 0) and copies the result
// into `image`, whose dimensions were already taken from our header reader.
template <typename Sample, typename Loader>
void load_pixels(const uint8_t* data, size_t size, ImageFormat format, Loader loader,
                 Image& image, std::vector<Sample>& pixels) {
    int width = 0, height = 0, channels = 0;
    clear_stb_failure_reason();
    StbPixels<Sample> decoded(loader(data, int(size), &width, &height, &channels, 0));
    if (!decoded) stb_failed(format);
    if (width != image.width || height != image.height || channels < 1 || channels > 4) {
        throw Error(ErrorKind::Corrupt, std::string("corrupt ") + format_name(format) + ": the decoder disagrees with the header");
    }
    image.channels = channels;
    pixels.assign(decoded.get(), decoded.get() + image.sample_count());
}

}  // namespace

ImageFormat detect_image_format(const uint8_t* data, size_t size) {
    if (data == nullptr || size == 0) throw Error(ErrorKind::Empty, "empty file: there is no image data");
    const SniffedFormat sniffed = sniff_format(data, size);
    if (sniffed.unsupported_name != nullptr) {
        throw Error(ErrorKind::UnsupportedFormat, std::string("unsupported image format: ") +
                                                      sniffed.unsupported_name + " (supported: " +
                                                      supported_format_names() + ")");
    }
    if (!sniffed.supported) {
        throw Error(ErrorKind::UnsupportedFormat,
                    "unrecognised image format: the data is none of " + supported_format_names());
    }
    return *sniffed.supported;
}

ImageInfo probe_image(const uint8_t* data, size_t size) {
    return codec_of(detect_image_format(data, size)).read_header(data, size);
}

Image decode_image(const uint8_t* data, size_t size, const DecodeLimits& limits) {
    return decode_file(data, size, limits).image;
}

DecodedFile decode_file(const uint8_t* data, size_t size, const DecodeLimits& limits, const DicomOptions& dicom) {
    const ImageFormat format = detect_image_format(data, size);
    if (format == ImageFormat::Dicom) {
        // One pass over the file: the DICOM reader checks the limits itself.
        DicomImage decoded = decode_dicom(data, size, dicom, limits.max_pixels, limits.max_inflated_bytes);
        return {std::move(decoded.image), std::move(decoded.info)};
    }
    const ImageInfo info = codec_of(format).read_header(data, size);
    check_limits(info, limits);
    if (size > size_t(std::numeric_limits<int>::max())) {
        throw Error(ErrorKind::TooLarge, "file is too large to decode (over 2 GiB)");
    }
    codec_of(info.format).check_complete(data, size);

    Image image;
    image.width = info.width;
    image.height = info.height;
    image.bit_depth = info.bit_depth;
    if (info.bit_depth == 16) {
        load_pixels(data, size, info.format, stbi_load_16_from_memory, image, image.pixels16);
    } else {
        load_pixels(data, size, info.format, stbi_load_from_memory, image, image.pixels8);
    }
    if (info.exif_orientation != 1) image = apply_exif_orientation(image, info.exif_orientation);
    image.microns_per_pixel = info.microns_per_pixel;  // square pixels: unchanged by rotation
    return {std::move(image), std::nullopt};
}

}  // namespace dxlens
