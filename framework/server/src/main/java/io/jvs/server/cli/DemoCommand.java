package io.jvs.server.cli;

import io.jvs.server.engine.ServerPaths;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvs demo}: the live quickstart ({@link QuickstartDemo}): three demo HTTP servers on
 * loopback and the proxy in front of them with {@code examples/quickstart.yaml}, until SIGINT or
 * SIGTERM. {@code jvs demo --replay} replays the sample capture instead, as {@code jvs replay} on
 * the samples.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = {"Start three small HTTP servers on 127.0.0.1:8081-8083 (each answers with its name) and jvs"
            + " on the proxy data plane in front of them with examples/quickstart.yaml: curl"
            + " http://127.0.0.1:8080/ answers backend-1, backend-2, backend-3 in turn. Runs until Ctrl-C.",
            "With --replay: replay examples/sample.pcap through examples/sample.yaml and print what jvs decided"
                + " for each connection (the same as 'jvs replay' on the samples)."})
final class DemoCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    DemoCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--replay", description = "Replay the sample capture instead of running the live demo.")
    private boolean replay;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.pcap",
            description = "With --replay: where to write the transmitted frames (default: a new temporary file).")
    private Path out;

    @Option(names = "--port", paramLabel = "PORT",
            description = "The service's port instead of the file's (8080).")
    private Integer port;

    @Option(names = "--backend-port", paramLabel = "PORT",
            description = "The first demo server's port instead of the file's (8081); the others follow"
                    + " (0: ports the system picks).")
    private Integer backendPort;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "The admin endpoint's port instead of the file's (9180; 0: any free port).")
    private Integer adminPort;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "The plugins directory (default: the standard plugins built next to the jvs jar).")
    private Path plugins;

    @Override
    public Integer call() throws Exception {
        Path home = ServerPaths.home();
        Path examples = (home != null ? home : Path.of("")).resolve("examples");
        PrintWriter print = spec.commandLine().getOut();
        if (replay) {
            return replaySamples(examples, print);
        }
        Path config = required(examples.resolve("quickstart.yaml"));
        QuickstartDemo demo = QuickstartDemo.start(ReplaySession.shown(config), port, backendPort, adminPort, plugins,
                print);
        Thread hook = new Thread(() -> {
            demo.close();
            print.println("jvs demo: stopped");
            print.flush();
        }, "jvs-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        demo.printWelcome(print);
        demo.awaitClosed();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what closed the demo
        }
        return ExitCode.OK;
    }

    private int replaySamples(Path examples, PrintWriter print) throws Exception {
        Path config = required(examples.resolve("sample.yaml"));
        Path capture = required(examples.resolve("sample.pcap"));
        Path target = out != null ? out : Files.createTempFile("jvs-demo-", ".pcap");
        ReplaySession.run(ReplaySession.shown(config), ReplaySession.shown(capture), target, plugins, print,
                spec.commandLine().getErr());
        print.println("look at it: tshark -r " + target + "   (or replay your own: jvs replay --help)");
        return ExitCode.OK;
    }

    private static Path required(Path sample) throws NoSuchFileException {
        if (!Files.isRegularFile(sample)) {
            throw new NoSuchFileException(sample.toString(), null, "the demo runs the examples of the jvs"
                    + " source tree: run it as bin/jvs demo, or set JVS_HOME to the tree");
        }
        return sample;
    }
}
