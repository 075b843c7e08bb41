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
 * {@code jvs demo}: replays the sample capture through the sample configuration of the source tree
 * and prints the decision table. (It will become a live quickstart once the proxy data plane exists.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = "Replay examples/sample.pcap through examples/sample.yaml and print what jvs decided for each"
                + " connection (the same as 'jvs replay' on the samples).")
final class DemoCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    DemoCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.pcap",
            description = "Where to write the transmitted frames (default: a new temporary file).")
    private Path out;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "The plugins directory (default: the standard plugins built next to the jvs jar).")
    private Path plugins;

    @Override
    public Integer call() throws Exception {
        Path home = ServerPaths.home();
        Path examples = (home != null ? home : Path.of("")).resolve("examples");
        Path config = examples.resolve("sample.yaml");
        Path capture = examples.resolve("sample.pcap");
        for (Path sample : new Path[] {config, capture}) {
            if (!Files.isRegularFile(sample)) {
                throw new NoSuchFileException(sample.toString(), null, "the demo replays the samples of the jvs"
                        + " source tree: run it as bin/jvs demo, or set JVS_HOME to the tree");
            }
        }
        Path target = out != null ? out : Files.createTempFile("jvs-demo-", ".pcap");
        PrintWriter print = spec.commandLine().getOut();
        ReplaySession.run(ReplaySession.shown(config), ReplaySession.shown(capture), target, plugins, print,
                spec.commandLine().getErr());
        print.println("look at it: tshark -r " + target + "   (or replay your own: jvs replay --help)");
        return ExitCode.OK;
    }
}
