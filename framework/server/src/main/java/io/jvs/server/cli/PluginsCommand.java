package io.jvs.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvs plugins}: lists a running jvs's plugins ({@code /proc/jvs/plugins}). */
@Command(name = "plugins", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = "List the plugin jars of a running jvs: id, version, status, schedulers, jar.")
final class PluginsCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    PluginsCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--admin", paramLabel = "URL", description = "The admin endpoint (default: $JVS_ADMIN, else "
            + AdminClient.DEFAULT_URL + ").")
    private String admin;

    @Override
    public Integer call() throws IOException {
        AdminClient.Answer answer = new AdminClient(admin, null).send("GET", "/proc/jvs/plugins", null, null);
        PrintWriter out = answer.status() == 200 ? spec.commandLine().getOut() : spec.commandLine().getErr();
        out.print(answer.body());
        out.flush();
        return answer.status() == 200 ? ExitCode.OK : ExitCode.FAILURE;
    }
}
