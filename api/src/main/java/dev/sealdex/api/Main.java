package dev.sealdex.api;

import dev.sealdex.api.config.ConfigException;
import dev.sealdex.api.config.ServerSettings;
import dev.sealdex.engine.kernel.KernelSelectionException;
import io.helidon.logging.common.LogConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sealdex} command line: {@code serve} starts the server, {@code keygen} prints a new
 * index key. The shell launcher {@code ./sealdex} finds a JDK 25, builds, and calls this.
 */
@Command(name = "sealdex", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Encrypted vector search that speaks the CyborgDB v1 REST API.",
        subcommands = {Main.Serve.class, Main.Keygen.class})
public final class Main implements Callable<Integer> {

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with {@code serve --help} listing the variables the server reads. */
    static CommandLine commandLine() {
        System.setProperty("sealdex.serve.variables", "  " + String.join("%n  ",
                dev.sealdex.api.config.ServerSettings.VARIABLES));
        return new CommandLine(new Main());
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Start the server (PORT, default 8000). It is configured by environment variables"
                    + " (and the YAML file CYBORGDB_CONFIG_FILE names); README.md, \"Configuration\", says what each"
                    + " does.",
            footerHeading = "%nEnvironment variables read:%n", footer = "${sys:sealdex.serve.variables}")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            LogConfig.configureRuntime();
            ServerSettings settings;
            try {
                settings = ServerSettings.load(System.getenv(), Path.of("").toAbsolutePath(),
                        home(System.getenv(), System.getProperty("user.home")));
            } catch (ConfigException e) {
                System.err.println("sealdex: " + e.getMessage());
                return 2;
            }
            SealdexServer server;
            try {
                server = SealdexServer.start(settings, System.out);
            } catch (ConfigException | KernelSelectionException | IllegalStateException e) {
                System.err.println("sealdex: " + e.getMessage());
                return 2;
            }
            // Serve until the JVM is asked to stop; Helidon's own shutdown hook stops the listener.
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "sealdex-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Print a new random 32-byte index key as 64 hex characters (reads no environment"
                    + " variable).")
    static final class Keygen implements Callable<Integer> {
        @Override
        public Integer call() {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.US_ASCII);
            out.println(HexFormat.of().formatHex(key));
            java.util.Arrays.fill(key, (byte) 0);
            return 0;
        }
    }

    /**
     * The home folder {@code ~} means: {@code $HOME} when set, as the shell and the README's
     * {@code cat ~/.cyborgdb/data/api-key} read it (Java's {@code user.home} comes from the user
     * database and ignores {@code HOME} in containers, under sudo and in CI), else {@code user.home}.
     */
    static Path home(java.util.Map<String, String> env, String userHome) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome);
    }

    /** Reports the build's version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sealdex " + SealdexVersion.get()};
        }
    }
}
