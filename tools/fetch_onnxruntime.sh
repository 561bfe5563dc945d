#!/usr/bin/env bash
# Downloads ONNX Runtime 1.29 (native library + C/C++ headers) from npm, once per
# machine, into $DXLENS_CACHE/onnxruntime-1.29.0/{include,lib}. Safe to re-run.
set -euo pipefail
cache="${DXLENS_CACHE:-$HOME/.cache/dxlens}"
pkg="com.github.asus4.onnxruntime"
ver="0.4.9"
dest="$cache/onnxruntime-1.29.0"
if [ -f "$dest/lib/libonnxruntime.so.1" ] && [ -f "$dest/include/onnxruntime_cxx_api.h" ]; then
  echo "$dest"; exit 0
fi
mkdir -p "$cache/npm"
tarball="$cache/npm/$pkg-$ver.tgz"
if [ ! -f "$tarball" ]; then
  (cd "$cache/npm" && npm pack --silent "$pkg@$ver" >/dev/null)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
headers='package/Plugins/iOS~/onnxruntime.xcframework/ios-arm64/onnxruntime.framework/Headers'
tar -xzf "$tarball" -C "$tmp" package/Plugins/Linux/x64/libonnxruntime.so "$headers"
mkdir -p "$dest/lib" "$dest/include"
cp "$tmp/$headers"/*.h "$dest/include/"
cp "$tmp/package/Plugins/Linux/x64/libonnxruntime.so" "$dest/lib/libonnxruntime.so.1"
ln -sf libonnxruntime.so.1 "$dest/lib/libonnxruntime.so"
echo "$dest"
