package io.jvs.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code jvs version}: prints the jvs, scheduler SPI and Java versions. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = "Print the jvs, scheduler SPI and Java versions.")
final class VersionCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    VersionCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(JvsVersion.line());
        return ExitCode.OK;
    }
}
