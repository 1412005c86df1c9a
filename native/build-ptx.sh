#!/usr/bin/env bash
# Regenerates the committed PTX from the CUDA sources. Needs nvcc 13 (CUDA 13), which emits PTX
# that NVIDIA drivers R580 and newer can load; compute_75 (Turing) is the oldest virtual
# architecture nvcc 13 accepts, and the driver JIT-compiles it for any newer GPU.
#   native/build-ptx.sh [output-dir]   (default: native/src/main/resources/dev/sealdex/cuda)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/src/main/resources/dev/sealdex/cuda}"
NVCC="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
[ -x "$NVCC" ] || { echo "build-ptx.sh: nvcc not found (set NVCC or put CUDA 13's bin on PATH)" >&2; exit 2; }
mkdir -p "$OUT"
for source in "$HERE"/src/main/cuda/*.cu; do
  name="$(basename "$source" .cu)"
  "$NVCC" -ptx -arch=compute_75 -O3 -o "$OUT/$name.ptx" "$source"
done
