#!/usr/bin/env bash
# Builds benchmarks/gpu/bundle: everything benchmarks/gpu/device-check.sh needs on a bare GPU node
# (NVIDIA driver; no network, no Maven, maybe no JDK), in one folder under 64 MiB:
#
#   runtime/   a jlink image of JDK 25 with only the modules the check uses
#   lib/       the device check and its run-time jars: engine, accel-cpu, accel-gpu, native (the PTX),
#              jcuda and its Linux x86-64 JNI library, picocli, Jackson
#   test/      the kernel contract test: accel-gpu's test classes, the engine test-jar, the JUnit
#              console launcher
#   device-check.sh, BUILD (what was built from)
#
# Usage: benchmarks/gpu/build-bundle.sh   (MVN_ARGS="-o" to build offline)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUNDLE="$ROOT/benchmarks/gpu/bundle"
LIMIT_BYTES=$((64 * 1024 * 1024))
# What `jdeps --list-deps` finds in the jars the check loads: java.base; java.logging (JCuda's and
# JUnit's loggers, System.Logger); jdk.incubator.vector (the Panama kernels); java.xml (the JUnit
# console launcher's reports); jdk.unsupported (sun.misc.Unsafe, which Jackson and JUnit use where
# present). Left out: java.sql and java.desktop (optional for Jackson and the launcher), and
# java.management/java.desktop, which only the ANN harness's heap meter and plot use.
MODULES=java.base,java.logging,java.xml,jdk.incubator.vector,jdk.unsupported

die() { echo "build-bundle: $*" >&2; exit 1; }

# A JDK 25 with jlink: JAVA_HOME first, then the launcher's usual places.
find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /opt/java/* /opt/jdk*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/jlink" ] || continue
    if "$candidate/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  die "no JDK 25 with jlink found; set JAVA_HOME to one"
}

find_jdk
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is not on PATH"

echo "build-bundle: building the jars (benchmarks and what it needs, profile gpu-bundle)..." >&2
MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  mvn -B -q ${MVN_ARGS:-} -DskipTests -Pgpu-bundle -pl benchmarks -am package -f "$ROOT/pom.xml"

STAGE="$ROOT/benchmarks/target/gpu-bundle"
[ -d "$STAGE/lib" ] && [ -d "$STAGE/test" ] || die "the gpu-bundle profile did not fill $STAGE"
[ -d "$ROOT/accel-gpu/target/test-classes/dev/sealdex/accel/gpu" ] || die "accel-gpu's test classes are missing"

rm -rf "$BUNDLE"
mkdir -p "$BUNDLE/lib" "$BUNDLE/test"

# The run-time jars, except JCuda's natives, which are repacked below.
for jar in "$STAGE"/lib/*.jar; do
  case "$(basename "$jar")" in
    jcuda-natives-*) ;;
    *) cp "$jar" "$BUNDLE/lib/" ;;
  esac
done
cp "$ROOT"/benchmarks/target/sealdex-benchmarks-*.jar "$BUNDLE/lib/"

# jcuda-natives holds four JNI libraries, 26 MB unpacked; the backend uses only the driver API
# (it JIT-loads the PTX with cuModuleLoadData), so the 24 MB nvPTXCompiler and the NVRTC wrappers
# stay out. JCuda loads the driver library from the class path (lib/libJCudaDriver-*.so).
natives=$(ls "$STAGE"/lib/jcuda-natives-*-linux-x86_64.jar 2>/dev/null | head -1)
[ -n "$natives" ] || die "jcuda-natives for linux-x86_64 is not among the dependencies"
repack="$(mktemp -d)"
trap 'rm -rf "$repack"' EXIT
(cd "$repack" && "$JAVA_HOME/bin/jar" xf "$natives" && \
  find lib -name '*.so' ! -name 'libJCudaDriver-*' ! -name 'libJCudaRuntime-*' -delete && \
  "$JAVA_HOME/bin/jar" cf "$BUNDLE/lib/$(basename "$natives")" lib META-INF/maven)

cp "$STAGE"/test/*.jar "$BUNDLE/test/"
cp -r "$ROOT/accel-gpu/target/test-classes" "$BUNDLE/test/accel-gpu-test-classes"

echo "build-bundle: linking the runtime ($MODULES)..." >&2
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-9 --output "$BUNDLE/runtime" 2>&1 | { grep -v 'Using incubator modules' || true; } >&2

cp "$ROOT/benchmarks/gpu/device-check.sh" "$BUNDLE/device-check.sh"
chmod +x "$BUNDLE/device-check.sh"
{
  echo "commit: $(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -srm)"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "modules: $MODULES"
} > "$BUNDLE/BUILD"

bytes=$(du -sb "$BUNDLE" | cut -f1)
echo "build-bundle: $BUNDLE"
du -sh "$BUNDLE/runtime" "$BUNDLE/lib" "$BUNDLE/test" | sed 's/^/  /'
awk -v b="$bytes" 'BEGIN { printf "build-bundle: %.1f MiB in all (limit 64 MiB)\n", b / 1048576 }'
[ "$bytes" -le "$LIMIT_BYTES" ] || die "the bundle is $bytes bytes, over the 64 MiB limit"
