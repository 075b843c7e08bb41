package io.jvs.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvs proc cat PATH} and {@code jvs proc write PATH VALUE}: read and write the admin endpoint's files. */
@Command(name = "proc", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = {"Read (cat) or write a file of a running jvs's admin endpoint, e.g.",
            "  jvs proc cat /proc/net/ip_vs", "  jvs proc write /proc/sys/net/ipv4/vs/expire_nodest_conn 1"})
final class ProcCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    ProcCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private AdminEndpointOptions endpoint;

    @Parameters(index = "0", paramLabel = "cat|write", description = "cat: print the file; write: write VALUE to it.")
    private String action;

    @Parameters(index = "1", paramLabel = "PATH", description = "The file, e.g. /proc/net/ip_vs_conn.")
    private String path;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "What write writes (a newline is added).")
    private String value;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = endpoint.client();
        String file = path.startsWith("/") ? path : "/" + path;
        AdminClient.Answer answer = switch (action) {
            case "cat" -> client.send("GET", file, null, null);
            case "write" -> {
                if (value == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "write needs a VALUE");
                }
                yield client.send("PUT", file, value + "\n", "text/plain");
            }
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "': use cat or write");
        };
        if (answer.status() / 100 != 2) {
            err.print("jvs proc: " + answer.body());
            err.flush();
            return ExitCode.FAILURE;
        }
        if (action.equals("cat")) {
            out.print(answer.body());
            out.flush();
        }
        return ExitCode.OK;
    }
}
