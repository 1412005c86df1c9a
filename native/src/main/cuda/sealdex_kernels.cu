// Sealdex CUDA kernels: batched distance scoring with per-query top-k on the device, SQ8 code
// scoring, and the k-means assignment step. Compiled to PTX by build-ptx.sh (nvcc 13,
// compute_75); the PTX is committed under src/main/resources and loaded by accel-gpu through
// JCuda. Semantics follow dev.sealdex.engine.kernel.ScalarKernels, the specification.
//
// Launch shape (all coarse: one launch covers every query of a batch and every block it scans):
//   1. score_f32_topk / score_sq8_topk: one thread block per work item = (query, up to TILE rows of
//      one resident block). Each warp scores rows; the block keeps its item's best k (or all of
//      them when there are at most k) in a contiguous per-query segment.
//   2. topk_merge: one thread block per (TILE-chunk of a query's segment, query); each pass sorts
//      its chunk and keeps the best k, so every pass shrinks a segment by TILE/k (>= 2x at
//      k = 1024). The host repeats it until each query's segment fits one chunk; the last pass
//      leaves the query's top k sorted by (distance, id).
//   3. assign_nearest: tiled 64 vectors x 64 centroids per thread block, dimensions in steps of 16.

#include <stdint.h>

#define TILE 2048          // rows per work item and entries per merge chunk (16 KiB of shared memory)
#define THREADS 256        // threads per block for scoring and merging
#define WARPS (THREADS / 32)

#define FN_SQUARED_L2 0
#define FN_NEGATIVE_DOT 1
#define FN_COSINE 2

// One work item of the scoring kernels: 32 bytes, written little-endian by the host.
struct WorkItem {
    unsigned long long rows;  // device address of the block's rows (float32) or codes (uint8)
    unsigned long long ids;   // device address of the block's row ids (int32)
    int count;                // rows in this item, 1..TILE
    int query;                // query index into the batch
    int out;                  // first output slot of this item
    int pad;
};

__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_down_sync(0xffffffffu, v, offset);
    }
    return v;
}

// (d1, i1) sorts before (d2, i2): ascending distance, ties by ascending id.
__device__ __forceinline__ bool before(float d1, int i1, float d2, int i2) {
    return d1 < d2 || (d1 == d2 && i1 < i2);
}

// Cosine distance from its parts, as ScalarKernels.cosineFromParts: double division, clamped.
__device__ __forceinline__ float cosine_from_parts(float dot, float na, float nb) {
    if (na == 0.0f || nb == 0.0f) {
        return 1.0f;
    }
    double cosv = (double) dot / sqrt((double) na * (double) nb);
    cosv = fmax(-1.0, fmin(1.0, cosv));
    return (float) (1.0 - cosv);
}

// Sorts n entries of (sd, si) ascending in place (bitonic, padded to a power of two with +inf),
// then writes the first min(n, k) to (outDist, outId). Every thread of the block must call it.
__device__ void sort_and_keep(float* sd, int* si, int n, int k, float* outDist, int* outId) {
    int size = 1;
    while (size < n) {
        size <<= 1;
    }
    for (int i = n + threadIdx.x; i < size; i += blockDim.x) {
        sd[i] = __int_as_float(0x7f800000);
        si[i] = 0x7fffffff;
    }
    __syncthreads();
    for (int width = 2; width <= size; width <<= 1) {
        for (int stride = width >> 1; stride > 0; stride >>= 1) {
            for (int i = threadIdx.x; i < size; i += blockDim.x) {
                int partner = i ^ stride;
                if (partner > i) {
                    bool ascending = (i & width) == 0;
                    bool swap = ascending ? before(sd[partner], si[partner], sd[i], si[i])
                                          : before(sd[i], si[i], sd[partner], si[partner]);
                    if (swap) {
                        float d = sd[i];
                        sd[i] = sd[partner];
                        sd[partner] = d;
                        int id = si[i];
                        si[i] = si[partner];
                        si[partner] = id;
                    }
                }
            }
            __syncthreads();
        }
    }
    int keep = n < k ? n : k;
    for (int i = threadIdx.x; i < keep; i += blockDim.x) {
        outDist[i] = sd[i];
        outId[i] = si[i];
    }
}

// Keeps an item's scores: all of them when they fit in k (the merge sorts later), else its best k.
__device__ void keep_item(float* sd, int* si, int n, int k, float* outDist, int* outId) {
    if (n <= k) {
        for (int i = threadIdx.x; i < n; i += blockDim.x) {
            outDist[i] = sd[i];
            outId[i] = si[i];
        }
        return;
    }
    sort_and_keep(sd, si, n, k, outDist, outId);
}

extern "C" __global__ void __launch_bounds__(THREADS)
score_f32_topk(const WorkItem* items, int function, int dimension, const float* queries, int k,
               float* outDist, int* outId) {
    __shared__ float sd[TILE];
    __shared__ int si[TILE];
    const WorkItem item = items[blockIdx.x];
    const float* q = queries + (size_t) item.query * dimension;
    const float* rows = (const float*) item.rows;
    const int* ids = (const int*) item.ids;
    const int warp = threadIdx.x >> 5;
    const int lane = threadIdx.x & 31;
    for (int r = warp; r < item.count; r += WARPS) {
        const float* x = rows + (size_t) r * dimension;
        float a = 0.0f;
        float na = 0.0f;
        float nb = 0.0f;
        if (function == FN_SQUARED_L2) {
            for (int i = lane; i < dimension; i += 32) {
                float d = q[i] - x[i];
                a += d * d;
            }
        } else {
            for (int i = lane; i < dimension; i += 32) {
                float qi = q[i];
                float xi = x[i];
                a += qi * xi;
                na += qi * qi;
                nb += xi * xi;
            }
        }
        a = warp_sum(a);
        if (function == FN_COSINE) {
            na = warp_sum(na);
            nb = warp_sum(nb);
        }
        if (lane == 0) {
            sd[r] = function == FN_SQUARED_L2 ? a : function == FN_NEGATIVE_DOT ? -a : cosine_from_parts(a, na, nb);
            si[r] = ids[r];
        }
    }
    __syncthreads();
    keep_item(sd, si, item.count, k, outDist + item.out, outId + item.out);
}

// SQ8: dimension i of a row decodes to offset[i] + scale[i] * code. Cosine is scored as
// 1 - dot, because callers code unit vectors for cosine (VectorKernels.scoreBlockSq8).
extern "C" __global__ void __launch_bounds__(THREADS)
score_sq8_topk(const WorkItem* items, int function, int dimension, const float* queries, const float* scale,
               const float* offset, int k, float* outDist, int* outId) {
    __shared__ float sd[TILE];
    __shared__ int si[TILE];
    const WorkItem item = items[blockIdx.x];
    const float* q = queries + (size_t) item.query * dimension;
    const uint8_t* codes = (const uint8_t*) item.rows;
    const int* ids = (const int*) item.ids;
    const int warp = threadIdx.x >> 5;
    const int lane = threadIdx.x & 31;
    for (int r = warp; r < item.count; r += WARPS) {
        const uint8_t* c = codes + (size_t) r * dimension;
        float a = 0.0f;
        if (function == FN_SQUARED_L2) {
            for (int i = lane; i < dimension; i += 32) {
                float x = offset[i] + scale[i] * (float) c[i];
                float d = q[i] - x;
                a += d * d;
            }
        } else {
            for (int i = lane; i < dimension; i += 32) {
                a += q[i] * (offset[i] + scale[i] * (float) c[i]);
            }
        }
        a = warp_sum(a);
        if (lane == 0) {
            sd[r] = function == FN_SQUARED_L2 ? a : function == FN_NEGATIVE_DOT ? -a : 1.0f - a;
            si[r] = ids[r];
        }
    }
    __syncthreads();
    keep_item(sd, si, item.count, k, outDist + item.out, outId + item.out);
}

// One pass of the per-query selection: block (c, q) sorts chunk c of query q's segment
// [inStart[q], inStart[q] + inLen[q]) and writes its best min(k, chunk) at outStart[q] + c * k.
// Only a segment's last chunk can be shorter than TILE, and k <= TILE, so the output is dense.
extern "C" __global__ void __launch_bounds__(THREADS)
topk_merge(const float* inDist, const int* inId, const int* inStart, const int* inLen, const int* outStart, int k,
           float* outDist, int* outId) {
    __shared__ float sd[TILE];
    __shared__ int si[TILE];
    const int q = blockIdx.y;
    const int start = blockIdx.x * TILE;
    const int len = inLen[q];
    if (start >= len) {
        return;
    }
    const int n = min(TILE, len - start);
    const int from = inStart[q] + start;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        sd[i] = inDist[from + i];
        si[i] = inId[from + i];
    }
    __syncthreads();
    const int to = outStart[q] + blockIdx.x * k;
    sort_and_keep(sd, si, n, k, outDist + to, outId + to);
}

#define AV 64   // vectors per block
#define AC 64   // centroids per tile
#define AD 16   // dimensions per step

// k-means assignment: the nearest of k centroids (squared L2, lowest index on ties) for each of
// count vectors. 256 threads: thread (tx, ty) owns vectors ty*4..+3 and centroids tx*4..+3 of
// each 64 x 64 tile. Sums run over dimensions in order without fused multiply-adds, so each
// distance rounds exactly as the scalar Java loop does.
extern "C" __global__ void __launch_bounds__(256)
assign_nearest(const float* vectors, int count, int dimension, const float* centroids, int k, int* outIndex,
               float* outDistance) {
    __shared__ float xs[AD][AV + 1];
    __shared__ float cs[AD][AC + 1];
    __shared__ float redD[16][AV];
    __shared__ int redI[16][AV];
    const int tx = threadIdx.x & 15;
    const int ty = threadIdx.x >> 4;
    const int v0 = blockIdx.x * AV;
    float bestD[4];
    int bestI[4];
    for (int i = 0; i < 4; i++) {
        bestD[i] = __int_as_float(0x7f800000);
        bestI[i] = 0x7fffffff;
    }
    for (int c0 = 0; c0 < k; c0 += AC) {
        float acc[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                acc[i][j] = 0.0f;
            }
        }
        for (int d0 = 0; d0 < dimension; d0 += AD) {
            for (int e = threadIdx.x; e < AD * AV; e += 256) {
                int vi = e / AD;
                int di = e % AD;
                int d = d0 + di;
                int v = v0 + vi;
                int c = c0 + vi;
                xs[di][vi] = (v < count && d < dimension) ? vectors[(size_t) v * dimension + d] : 0.0f;
                cs[di][vi] = (c < k && d < dimension) ? centroids[(size_t) c * dimension + d] : 0.0f;
            }
            __syncthreads();
            const int steps = min(AD, dimension - d0);
            for (int di = 0; di < steps; di++) {
                float xv[4];
                float cv[4];
                for (int i = 0; i < 4; i++) {
                    xv[i] = xs[di][ty * 4 + i];
                    cv[i] = cs[di][tx * 4 + i];
                }
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        float diff = __fsub_rn(xv[i], cv[j]);
                        acc[i][j] = __fadd_rn(acc[i][j], __fmul_rn(diff, diff));
                    }
                }
            }
            __syncthreads();
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int c = c0 + tx * 4 + j;
                if (c < k && acc[i][j] < bestD[i]) {
                    bestD[i] = acc[i][j];
                    bestI[i] = c;
                }
            }
        }
    }
    for (int i = 0; i < 4; i++) {
        redD[tx][ty * 4 + i] = bestD[i];
        redI[tx][ty * 4 + i] = bestI[i];
    }
    __syncthreads();
    if (threadIdx.x < AV) {
        int v = v0 + threadIdx.x;
        float d = redD[0][threadIdx.x];
        int index = redI[0][threadIdx.x];
        for (int t = 1; t < 16; t++) {
            if (before(redD[t][threadIdx.x], redI[t][threadIdx.x], d, index)) {
                d = redD[t][threadIdx.x];
                index = redI[t][threadIdx.x];
            }
        }
        if (v < count) {
            outIndex[v] = index;
            outDistance[v] = d;
        }
    }
}
