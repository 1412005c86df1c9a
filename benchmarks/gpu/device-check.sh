#!/usr/bin/env bash
# The GPU device check. Runs from the bundle that benchmarks/gpu/build-bundle.sh builds
# (this script inside it, or benchmarks/gpu/device-check.sh beside benchmarks/gpu/bundle) with the
# bundle's own Java runtime, so a GPU node needs only the NVIDIA driver (R580+). In under 5 minutes:
#
#   a. the kernel contract test on the GPU backend (GpuKernelsContractTest, JUnit console launcher);
#      it must run: a skipped or aborted test fails the check
#   b. GPU/CPU parity on an encrypted IVF index (ivfflat and ivf/SQ8), against exact search
#   c. no device memory growth over 1,000 queries
#   d. batched queries Q = 1, 64, 1024 over 1M x 128 resident rows and k-means training, GPU
#      against Panama on the same node (targets 20x and 10x: PASS or MISS, never a failure)
#
# then prints a table. Exit 0 when every check passed, 1 when one failed, 2 when there is no bundle.
#
# Usage: device-check.sh [--out DIR] [--dry-run] [device-check run options, e.g. --rows 500000]
#   --out DIR   where device-check.txt/.json, the logs and nvidia-smi's output go
#               (default: $OUT if set, else ./device-check-out)
#   --dry-run   no GPU here: Panama takes the GPU's place at smaller sizes, and the contract test is
#               the one over the GPU backend's Panama fallback. Proves the bundle; NOT A GPU RESULT.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -x "$HERE/runtime/bin/java" ]; then
  BUNDLE="$HERE"
elif [ -x "$HERE/bundle/runtime/bin/java" ]; then
  BUNDLE="$HERE/bundle"
else
  echo "device-check: no bundle beside $0; build it with benchmarks/gpu/build-bundle.sh" >&2
  exit 2
fi
JAVA="$BUNDLE/runtime/bin/java"

out_dir="${OUT:-$PWD/device-check-out}"
dry_run=false
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out_dir="$2"; shift 2 ;;
    --out=*) out_dir="${1#--out=}"; shift ;;
    --dry-run) dry_run=true; shift ;;
    *) extra+=("$1"); shift ;;
  esac
done
mkdir -p "$out_dir" || exit 2
out_dir="$(cd "$out_dir" && pwd)"
exec > >(tee "$out_dir/device-check.log") 2>&1

JVM=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss2m ${SEALDEX_JAVA_OPTS:-})
LIB="$BUNDLE/lib/*"
started=$(date +%s)

# Runs "$@" for at most $1 seconds where coreutils' timeout exists.
limited() {
  local seconds="$1"
  shift
  if command -v timeout >/dev/null 2>&1; then timeout "$seconds" "$@"; else "$@"; fi
}

echo "device-check: bundle $BUNDLE"
sed 's/^/  /' "$BUNDLE/BUILD" 2>/dev/null
echo "device-check: $(uname -srm), $(nproc 2>/dev/null || echo '?') cores, results in $out_dir"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi > "$out_dir/nvidia-smi.txt" 2>&1
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/  gpu: /'
else
  echo "  nvidia-smi: not found"
fi

# 1. Does the GPU backend load? Without it (and without --dry-run) there is nothing to check.
probe=$("$JAVA" "${JVM[@]}" -cp "$LIB" dev.sealdex.bench.gpu.DeviceCheck probe 2>"$out_dir/probe.err")
probe_rc=$?
echo "device-check: $probe"
if [ "$probe_rc" -ne 0 ] && ! $dry_run; then
  echo "device-check: the GPU backend is unavailable (above); no checks run. --dry-run runs them on Panama."
  "$JAVA" "${JVM[@]}" -cp "$LIB" dev.sealdex.bench.gpu.DeviceCheck run --out "$out_dir" --contract FAIL \
    --contract-detail "not run: GPU backend unavailable" "${extra[@]}"
  exit 1
fi

# 2. The kernel contract test, on the real GPU backend (dry run: on its Panama fallback).
if $dry_run; then
  test_class=GpuFallbackContractTest
  label="dry run, NOT THE GPU: $test_class (the GPU backend's Panama fallback)"
  test_env=()
else
  test_class=GpuKernelsContractTest
  label="$test_class on the GPU backend"
  test_env=(SEALDEX_KERNELS=gpu GPU_OPERATIONS=all)
fi
console=$(ls "$BUNDLE"/test/junit-platform-console-standalone-*.jar | head -1)
engine_tests="$BUNDLE/test/sealdex-engine-tests.jar"
echo "device-check: contract test: $label"
limited 240 env "${test_env[@]}" "$JAVA" "${JVM[@]}" \
  -cp "$console:$BUNDLE/test/accel-gpu-test-classes:$engine_tests:$LIB" \
  org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=summary --fail-if-no-tests \
  --select-class "dev.sealdex.accel.gpu.$test_class" > "$out_dir/contract.log" 2>&1
contract_rc=$?
count() { sed -n "s/^\[ *\([0-9][0-9]*\) tests $1 .*/\1/p" "$out_dir/contract.log" | head -1; }
passed=$(count successful); failed=$(count failed); aborted=$(count aborted); skipped=$(count skipped)
passed=${passed:-0}; failed=${failed:-0}; aborted=${aborted:-0}; skipped=${skipped:-0}
detail="$test_class: $passed passed, $failed failed, $aborted aborted, $skipped skipped (exit $contract_rc)"
if [ "$contract_rc" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$failed" -eq 0 ] && [ "$aborted" -eq 0 ] \
   && [ "$skipped" -eq 0 ]; then
  contract=PASS
else
  contract=FAIL
  echo "device-check: the contract test did not pass; its output ($out_dir/contract.log) ends:"
  tail -n 40 "$out_dir/contract.log" | sed 's/^/  /'
fi
$dry_run && detail="dry run: $detail"
echo "device-check: contract test $contract: $detail"

# 3. Parity, memory and the measurements; the Java side prints and writes the table.
sizes=()
if $dry_run; then
  # Small enough for a 2-core machine in a few minutes; whatever the caller passes comes after and wins.
  sizes=(--dry-run --parity-rows 20000 --parity-queries 200 --rows 100000 --train-rows 100000 --train-lists 256
         --train-iterations 3 --min-seconds 1)
fi
"$JAVA" "${JVM[@]}" -cp "$LIB" dev.sealdex.bench.gpu.DeviceCheck run --out "$out_dir" --contract "$contract" \
  --contract-detail "$detail" "${sizes[@]}" "${extra[@]}"
rc=$?
echo "device-check: finished in $(( $(date +%s) - started )) s, exit $rc; results in $out_dir"
exit "$rc"
