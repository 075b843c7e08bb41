package io.jvs.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.SourceTree;
import io.jvs.server.plugin.SpiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands other than replay, and the behaviour common to all. */
class JvsCommandTest {

    static ReplayCommandTest.Run jvs(String... args) {
        return ReplayCommandTest.jvs(args);
    }

    @Test
    void shouldPrintTheVersions() {
        ReplayCommandTest.Run run = jvs("version");

        assertEquals(ExitCode.OK, run.exitCode());
        assertEquals("jvs " + System.getProperty("jvs.test.version") + " (scheduler SPI " + SpiVersion.current()
                + ", Java " + Runtime.version() + ")\n", run.out());
        assertEquals(run.out(), jvs("--version").out());
    }

    @Test
    void shouldOfferHelpOnEveryCommand() {
        ReplayCommandTest.Run top = jvs("--help");
        assertEquals(ExitCode.OK, top.exitCode());
        for (String command : new String[] {"run", "adm", "proc", "reload", "plugins", "replay", "demo", "new-scheduler",
            "version", "completion"}) {
            assertTrue(top.out().contains("  " + command + " "), command + " missing from:\n" + top.out());
            ReplayCommandTest.Run help = jvs(command, "--help");
            assertEquals(ExitCode.OK, help.exitCode(), command);
            assertTrue(help.out().startsWith("Usage: jvs " + command), help.out());
        }
        assertTrue(top.out().contains("Exit codes:"), top.out());
        assertTrue(top.out().contains("2   bad configuration or command line; nothing was run"), top.out());
    }

    @Test
    void shouldPrintABashCompletionScriptNamingEveryCommand() {
        ReplayCommandTest.Run run = jvs("completion");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String script = run.out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, Math.min(200, script.length())));
        assertTrue(script.contains("complete -F _complete_jvs -o default jvs"), "no complete -F line");
        for (String command : new String[] {"run", "adm", "proc", "reload", "plugins", "replay", "demo", "new-scheduler",
            "version", "completion"}) {
            assertTrue(script.contains(" " + command + " ") || script.contains(" " + command + "\""),
                    command + " missing from the completion script");
        }
        assertTrue(script.contains("--config"), "run's --config missing from the completion script");
        assertTrue(script.contains("--admin-port"), "run's --admin-port missing from the completion script");
    }

    @Test
    void shouldAskForACommandWhenGivenNone() {
        ReplayCommandTest.Run run = jvs();

        assertEquals(ExitCode.BAD_CONFIG, run.exitCode());
        assertTrue(run.err().startsWith("jvs: name a command\nUsage: jvs"), run.err());
    }

    @Test
    void shouldRefuseAnUnknownCommandInOneLine() {
        ReplayCommandTest.Run run = jvs("serve");

        assertEquals(ExitCode.BAD_CONFIG, run.exitCode());
        assertEquals("jvs: Unmatched argument at index 0: 'serve'\n  see 'jvs --help'\n", run.err());
    }

    @Test
    void shouldGenerateASchedulerProject(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("my-sched");

        ReplayCommandTest.Run run = jvs("new-scheduler", "my-sched", "--dir", project.toString(), "--package",
                "org.acme.lb");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(project.resolve("pom.xml")));
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/org/acme/lb/MySchedSchedulerFactory.java")));
        assertTrue(Files.readString(project.resolve("src/main/java/org/acme/lb/MySchedSchedulerFactory.java"))
                .contains("\"my-sched\""));
        assertTrue(run.out().contains("next: cd " + project + " && mvn verify"), run.out());
    }

    @Test
    void shouldRefuseAMalformedSchedulerName(@TempDir Path dir) {
        ReplayCommandTest.Run run = jvs("new-scheduler", "My_Sched", "--dir", dir.resolve("x").toString());

        assertEquals(ExitCode.BAD_CONFIG, run.exitCode());
        assertTrue(run.err().startsWith("jvs: 'My_Sched' is not a scheduler name"), run.err());
        assertTrue(Files.notExists(dir.resolve("x")));
    }
}
