package io.jvs.server.runtime;

import io.jvs.dpdk.DpdkLibrary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces for a test, named {@code <prefix>-<name>}, where the prefix carries this JVM's
 * PID: {@link #close()} deletes them and ends the processes started in them (by their own handles),
 * and {@link #removeStale} deletes those left by runs whose JVM is gone. Nothing here touches the
 * root namespace's interfaces or routes: veth pairs are made inside the namespaces ({@code ip -n}).
 */
final class NamespaceLab implements AutoCloseable {

    /** The prefix every namespace of these labs starts with. */
    static final String FAMILY = "jvsdl";
    private static final long COMMAND_SECONDS = 30;

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Background> processes = new ArrayList<>();

    /** A process started in a namespace, its output collected line by line. */
    static final class Background {
        private final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        Background(Process process) {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon(true).start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e + ")");
                }
            });
        }

        /** Returns the lines printed so far. @return a copy */
        List<String> lines() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        /** Returns the output so far as one text. @return the text */
        String output() {
            return String.join("\n", lines());
        }

        /** Returns the process. @return the process */
        Process process() {
            return process;
        }

        /**
         * Waits for a line.
         *
         * @param match what the line must satisfy
         * @param millis how long to wait at most
         * @return {@code true} when such a line was printed in time
         * @throws InterruptedException when interrupted
         */
        boolean awaitLine(Predicate<String> match, long millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                if (lines().stream().anyMatch(match)) {
                    return true;
                }
                if (!process.isAlive()) {
                    reader.join(2000);
                    return lines().stream().anyMatch(match);
                }
                Thread.sleep(50);
            }
            return false;
        }

        /** Ends the process (TERM, then KILL after 3 s) by its handle. */
        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Opens a lab for a test class: removes the namespaces of dead runs and names this run's; skips
     * the class, saying why, when a {@linkplain #missingPrerequisite prerequisite} is missing.
     *
     * @param what the lab's name, for the skip message
     * @return the lab, no namespace yet
     * @throws IOException when {@code ip} cannot run
     * @throws InterruptedException when interrupted
     */
    static NamespaceLab open(String what) throws IOException, InterruptedException {
        String skip = missingPrerequisite();
        Assumptions.assumeTrue(skip == null, () -> what + " skipped: " + skip);
        removeStale();
        return new NamespaceLab();
    }

    /** Creates the lab's name space (no namespace yet). */
    NamespaceLab() {
        this.prefix = FAMILY + ProcessHandle.current().pid();
    }

    /** Returns the prefix of this lab's namespaces. @return the prefix */
    String prefix() {
        return prefix;
    }

    /**
     * Returns a namespace's full name.
     *
     * @param name the short name
     * @return {@code <prefix>-<name>}
     */
    String ns(String name) {
        return prefix + "-" + name;
    }

    /**
     * Deletes the namespaces of earlier runs whose JVM is no longer alive.
     *
     * @throws IOException when {@code ip} cannot run
     * @throws InterruptedException when interrupted
     */
    static void removeStale() throws IOException, InterruptedException {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            if (!name.startsWith(FAMILY)) {
                continue;
            }
            int dash = name.indexOf('-');
            try {
                long pid = Long.parseLong(name.substring(FAMILY.length(), dash));
                if (ProcessHandle.of(pid).isEmpty()) {
                    run("ip", "netns", "del", name);
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // not one of ours
            }
        }
    }

    /**
     * Adds a namespace with its loopback up and IPv6 off (no router solicitations or MLD reports
     * disturb the counters).
     *
     * @param name the short name
     * @throws IOException when a command fails
     * @throws InterruptedException when interrupted
     */
    void add(String name) throws IOException, InterruptedException {
        run("ip", "netns", "add", ns(name));
        namespaces.add(ns(name));
        in(name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        run("ip", "-n", ns(name), "link", "set", "lo", "up");
    }

    /**
     * Runs a command in a namespace and returns its output.
     *
     * @param name the namespace's short name
     * @param command the command
     * @return standard output and error
     * @throws IOException when it fails (the output is in the message)
     * @throws InterruptedException when interrupted
     */
    String in(String name, String... command) throws IOException, InterruptedException {
        return run(inCommand(name, command));
    }

    /**
     * Runs a command in a namespace, returning its exit status and output without failing.
     *
     * @param name the namespace's short name
     * @param command the command
     * @return the exit status, then the output
     * @throws IOException when it cannot start
     * @throws InterruptedException when interrupted
     */
    Result tryIn(String name, String... command) throws IOException, InterruptedException {
        return execute(inCommand(name, command));
    }

    private String[] inCommand(String name, String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns(name);
        System.arraycopy(command, 0, full, 4, command.length);
        return full;
    }

    /**
     * Starts a long-running process in a namespace; {@link #close()} ends it.
     *
     * @param name the namespace's short name
     * @param command the command
     * @return the process
     * @throws IOException when it cannot start
     */
    Background start(String name, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(inCommand(name, command)).redirectErrorStream(true);
        Background b = new Background(builder.start());
        processes.add(b);
        return b;
    }

    /** A lab's set-up steps. */
    @FunctionalInterface
    interface SetUp {
        /**
         * Builds the lab.
         *
         * @throws Exception when a step fails
         */
        void run() throws Exception;
    }

    /**
     * Builds the lab; when a step fails, ends the lab's processes and deletes its namespaces.
     *
     * @param steps the set-up steps
     * @param diagnostics what else to tell when they fail (such as jvs's output), may be empty
     * @throws AssertionError when a step fails, with its message and the diagnostics
     */
    void build(SetUp steps, Supplier<String> diagnostics) {
        try {
            steps.run();
        } catch (Exception | AssertionError e) {
            String more = diagnostics.get();
            close();
            throw new AssertionError("lab set-up failed: " + e.getMessage() + more, e);
        }
    }

    /**
     * Makes the bridge {@code br0} in the namespace {@code sw}, to be plugged into with {@link
     * #plugIntoBridge}. br_netfilter, when loaded, would check IPv4 headers and reassemble fragments
     * on the bridge; it is turned off so that frames reach jvs as sent.
     *
     * @throws IOException when a command fails
     * @throws InterruptedException when interrupted
     */
    void addBridge() throws IOException, InterruptedException {
        in("sw", "ip", "link", "add", "br0", "type", "bridge");
        tryIn("sw", "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=0", "net.bridge.bridge-nf-call-ip6tables=0",
                "net.bridge.bridge-nf-call-arptables=0");
        in("sw", "ip", "link", "set", "br0", "up");
    }

    /**
     * Starts {@code jvs run} in a namespace with this JVM's Java and class path; {@link #close()} ends it.
     *
     * @param name the namespace's short name
     * @param config the configuration file
     * @param plugins the plugins folder
     * @return the process; it prints {@code jvs: running} once it runs
     * @throws IOException when it cannot start
     */
    Background startJvs(String name, Path config, String plugins) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return start(name, java, "-Xmx384m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.jvs.server.cli.JvsCommand", "run", "-c", config.toString(),
                "--plugins", plugins, "--no-watch");
    }

    /**
     * Says why a DPDK lab cannot run here, or nothing: it needs root, iproute2, ethtool, curl,
     * python3 and DPDK 22.11.
     *
     * @return the reason, {@code null} when everything is there
     * @throws InterruptedException when interrupted
     */
    static String missingPrerequisite() throws InterruptedException {
        try {
            if (!execute("id", "-u").output().trim().equals("0")) {
                return "not root (network namespaces and packet sockets need root)";
            }
            for (String tool : List.of("ip", "ethtool", "curl", "python3")) {
                if (execute("sh", "-c", "command -v " + tool).status() != 0) {
                    return tool + " is not installed (scripts/test.sh installs it)";
                }
            }
        } catch (IOException e) {
            return "cannot run commands: " + e.getMessage();
        }
        return DpdkLibrary.unavailableReason().map(r -> "DPDK is missing: " + r).orElse(null);
    }

    /**
     * Plugs a namespace into the bridge {@code br0} of the namespace {@code sw} with a veth pair
     * ({@code sw-<name>} on the bridge, {@code <name>0} inside), offloads off on both ends so that
     * frames carry full checksums and no GRO/GSO super-frames reach a packet socket.
     *
     * @param name the namespace's short name
     * @param mac the inside end's MAC address
     * @throws IOException when a command fails
     * @throws InterruptedException when interrupted
     */
    void plugIntoBridge(String name, String mac) throws IOException, InterruptedException {
        String inside = name + "0";
        String port = "sw-" + name;
        in("sw", "ip", "link", "add", port, "type", "veth", "peer", "name", inside, "netns", ns(name));
        in(name, "ip", "link", "set", inside, "address", mac);
        in("sw", "ip", "link", "set", port, "master", "br0");
        in("sw", "ethtool", "-K", port, "tx", "off", "rx", "off", "gso", "off", "tso", "off", "gro", "off");
        in(name, "ethtool", "-K", inside, "tx", "off", "rx", "off", "gso", "off", "tso", "off", "gro", "off");
        in("sw", "ip", "link", "set", port, "up");
        in(name, "ip", "link", "set", inside, "up");
    }

    /**
     * Copies a test resource of this package (a lab script) into a folder, once.
     *
     * @param folder where to put it
     * @param name the resource's name
     * @return the file
     * @throws IOException when it cannot be copied
     */
    static Path resource(Path folder, String name) throws IOException {
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            return file;
        }
        try (InputStream in = NamespaceLab.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            Files.copy(in, file);
        }
        return file;
    }

    /** An exit status and output. */
    record Result(int status, String output) {
    }

    /**
     * Runs a command, failing when it fails.
     *
     * @param command the command
     * @return its output
     * @throws IOException when it fails or takes longer than 30 s
     * @throws InterruptedException when interrupted
     */
    static String run(String... command) throws IOException, InterruptedException {
        Result r = execute(command);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + r.status() + "): " + r.output());
        }
        return r.output();
    }

    static Result execute(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " took longer than " + COMMAND_SECONDS + " s");
        }
        reader.join(5000);
        return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
    }

    /** Ends every process started here, then deletes the namespaces (veths and bridge go with them). */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        processes.clear();
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            try {
                execute("ip", "netns", "del", namespaces.get(i));
            } catch (IOException | InterruptedException e) {
                System.err.println("lab: cannot delete " + namespaces.get(i) + ": " + e);
            }
        }
        namespaces.clear();
    }
}
