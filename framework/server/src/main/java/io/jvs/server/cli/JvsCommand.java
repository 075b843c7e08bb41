package io.jvs.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jvs} command, the main class of the runnable jar that {@code bin/jvs} runs.
 *
 * <pre>
 * jvs run --config C [--plugins DIR] [--admin-port P] [--no-watch]
 * jvs adm [--admin URL] [--token T] IPVSADM-ARGS...
 * jvs proc cat|write PATH [VALUE]
 * jvs reload | jvs plugins
 * jvs replay --config C --in in.pcap --out out.pcap [--plugins DIR]
 * jvs demo [--port P] [--backend-port P] [--admin-port P]   (live quickstart; Ctrl-C stops)
 * jvs demo --replay [--out out.pcap]
 * jvs new-scheduler NAME [--dir DIR] [--package P]
 * jvs version
 * jvs completion              (a bash completion script)
 * jvs [COMMAND] --help
 * </pre>
 *
 * Errors are one line on stderr (plus one per problem of a refused configuration); {@code --verbose}
 * adds the stack trace. Exit codes are those of {@link ExitCode}.
 */
@Command(name = "jvs", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = "jvs, the Java Virtual Server: a user-space L4 load balancer that behaves like Linux IPVS,"
                + " with schedulers as plugins.",
        subcommands = {RunCommand.class, AdmCommand.class, ProcCommand.class, ReloadCommand.class,
            PluginsCommand.class, ReplayCommand.class, DemoCommand.class, NewSchedulerCommand.class, VersionCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:any other failure", "2:bad configuration or command line; nothing was run",
            "3:a file could not be read or written"})
public final class JvsCommand implements Callable<Integer> {

    /** Set by {@code --verbose} on any command: print stack traces with errors. */
    boolean verbose;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    /** Creates the command (picocli fills in the options). */
    public JvsCommand() {
    }

    /**
     * Sets {@code --verbose}.
     *
     * @param value whether errors show their stack trace
     */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    void setVerbose(boolean value) {
        verbose = value;
    }

    /**
     * Runs {@code jvs} without a command: prints the usage.
     *
     * @return {@link ExitCode#BAD_CONFIG}: a command is needed
     */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("jvs: name a command");
        spec.commandLine().usage(err);
        return ExitCode.BAD_CONFIG;
    }

    /**
     * Runs a command line in this process, for tests and embedding.
     *
     * @param out where the command prints its results
     * @param err where it prints errors
     * @param args the arguments, e.g. {@code replay --config C --in I --out O}
     * @return the exit code ({@link ExitCode})
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        JvsCommand root = new JvsCommand();
        CommandErrors errors = new CommandErrors(root);
        CommandLine commandLine = new CommandLine(root)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Runs the {@code jvs} command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(out, err, args));
    }
}
