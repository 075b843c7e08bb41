package io.jvs.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jvs reload}: asks a running jvs to reload its configuration file ({@code POST /api/reload}). */
@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = {"Reload a running jvs's configuration file: check it whole, then apply its services and"
            + " sysctls atomically; services it does not change keep their connections. A refused file changes"
            + " nothing."})
final class ReloadCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    ReloadCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private AdminEndpointOptions endpoint;

    @Override
    public Integer call() throws IOException {
        AdminClient.Answer answer = endpoint.client().send("POST", "/api/reload", "", "text/plain");
        PrintWriter target = answer.status() == 200 ? spec.commandLine().getOut() : spec.commandLine().getErr();
        target.print((answer.status() == 200 ? "" : "jvs reload: ") + answer.body());
        target.flush();
        return answer.status() == 200 ? ExitCode.OK : ExitCode.BAD_CONFIG;
    }
}
