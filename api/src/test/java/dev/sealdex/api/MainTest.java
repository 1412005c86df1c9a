package dev.sealdex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line a newcomer meets: every command has --help and --version, and says what it reads. */
class MainTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine command = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int code = command.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void serveHelpListsItsVariablesInsteadOfStarting() {
        Run help = run("serve", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: sealdex serve"), help.out());
        for (String variable : new String[] {"PORT", "HOST", "CYBORGDB_API_KEY", "CYBORGDB_DISK_PATH",
            "SEALDEX_ALLOW_CLEARTEXT"}) {
            assertTrue(help.out().contains("  " + variable), variable + " in " + help.out());
        }
    }

    @Test
    void keygenHelpPrintsHelpNotAKey() {
        Run help = run("keygen", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Usage: sealdex keygen"), help.out());
        assertTrue(!help.out().matches("(?s).*\\b[0-9a-f]{64}\\b.*"), "no key printed: " + help.out());
    }

    @Test
    void everyCommandHasAVersion() {
        for (String[] args : new String[][] {{"--version"}, {"serve", "--version"}, {"keygen", "--version"}}) {
            Run version = run(args);
            assertEquals(0, version.code(), String.join(" ", args));
            assertTrue(version.out().startsWith("sealdex "), version.out());
        }
    }

    @Test
    void anUnknownCommandIsNamed() {
        Run unknown = run("srve");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("srve"), unknown.err());
    }

    /** ~ is $HOME, as the shell and the README read it, not Java's user.home from the user database. */
    @Test
    void homeIsTheEnvironmentsHome() {
        assertEquals(java.nio.file.Path.of("/srv/home"), Main.home(java.util.Map.of("HOME", "/srv/home"), "/root"));
        assertEquals(java.nio.file.Path.of("/root"), Main.home(java.util.Map.of(), "/root"));
        assertEquals(java.nio.file.Path.of("/root"), Main.home(java.util.Map.of("HOME", " "), "/root"));
    }
}
