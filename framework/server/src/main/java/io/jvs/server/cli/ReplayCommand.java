package io.jvs.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvs replay}: runs the engine over a capture and prints what it decided for each connection. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = {"Run the packet engine over a capture file with the configured services, write what it"
            + " transmits to another capture, and print one row per connection: protocol, client, virtual"
            + " service, chosen destination, forwarding method, and final state or eviction reason; then the"
            + " packet and connection totals.",
            "The clock is the capture's: timeouts expire as they would have during the capture."})
final class ReplayCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    ReplayCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration.")
    private Path config;

    @Option(names = {"-i", "--in"}, required = true, paramLabel = "IN.pcap",
            description = "The capture to replay (classic pcap, Ethernet; convert pcapng with 'editcap -F pcap').")
    private Path in;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.pcap",
            description = "Where to write the frames jvs transmits (created or truncated).")
    private Path out;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "The plugins directory (default: the configuration's plugins.directory, else the"
                    + " standard plugins built next to the jvs jar).")
    private Path plugins;

    @Override
    public Integer call() throws Exception {
        ReplaySession.run(config, in, out, plugins, spec.commandLine().getOut(), spec.commandLine().getErr());
        return ExitCode.OK;
    }
}
