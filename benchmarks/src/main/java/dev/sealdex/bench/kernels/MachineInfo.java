package dev.sealdex.bench.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, for the header of the table. */
final class MachineInfo {

    private MachineInfo() {
    }

    /** The CPU model from {@code /proc/cpuinfo}, or the architecture where there is none. */
    static String cpu() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = field(lines, "model name");
            String flags = field(lines, "flags");
            String simd = flags == null ? "" : flags.contains(" avx512f") ? " (AVX-512)"
                    : flags.contains(" avx2") ? " (AVX2, no AVX-512)" : "";
            return (model == null ? System.getProperty("os.arch") : model) + simd;
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    /** The running JDK: version and VM name. */
    static String jdk() {
        return "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
    }

    /** The Panama backend's name, or why it did not load. */
    static String panama() {
        try {
            return Backends.panama().name();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name)) {
                int colon = line.indexOf(':');
                return colon < 0 ? null : line.substring(colon + 1).strip();
            }
        }
        return null;
    }
}
