package io.jvs.server.cli;

import io.jvs.server.runtime.ServerRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvs run}: runs the configured services until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = {"Run jvs: the data plane that engine.data-plane names, the configured services, and the"
            + " admin endpoint (/proc, /api, /metrics; see docs/admin.md), until SIGTERM or SIGINT.",
            "The configuration file is watched: a saved change is checked and applied to services and sysctls"
                + " at once ('jvs reload' and SIGHUP do the same on demand)."})
final class RunCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    RunCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration.")
    private Path config;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "The plugins directory (default: the configuration's plugins.directory, else the standard"
                    + " plugins next to the jvs jar).")
    private Path plugins;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Listen on this port instead of admin.port (0: any free port).")
    private Integer adminPort;

    @Option(names = "--no-watch", description = "Do not watch the configuration file for changes.")
    private boolean noWatch;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerRuntime runtime = ServerRuntime.start(new ServerRuntime.Options(config, plugins, adminPort, !noWatch), out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runtime.close();
            out.println("jvs: stopped");
            out.flush();
            stopped.countDown();
        }, "jvs-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        reloadOnHangup(runtime, out);
        stopped.await();
        return ExitCode.OK;
    }

    /**
     * Reloads the configuration on SIGHUP, as daemons do. The JDK offers signal handlers only through
     * {@code sun.misc.Signal} (module jdk.unsupported); where the signal is unavailable, SIGHUP keeps
     * its default and {@code jvs reload} remains.
     */
    private static void reloadOnHangup(ServerRuntime runtime, PrintWriter out) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                String result;
                try {
                    result = runtime.reloader().reload().summary();
                } catch (io.jvs.server.config.ConfigException e) {
                    result = "refused (" + e.problems().size() + " problems); nothing changed: "
                            + e.problems().stream().map(Object::toString).toList();
                } catch (java.io.IOException | RuntimeException e) {
                    result = "failed: " + e.getMessage();
                }
                out.println("jvs: SIGHUP: " + result);
                out.flush();
            });
        } catch (IllegalArgumentException e) {
            out.println("jvs: SIGHUP is not available here; use 'jvs reload'");
        }
    }
}
