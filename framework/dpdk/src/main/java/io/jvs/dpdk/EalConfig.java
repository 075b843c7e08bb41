package io.jvs.dpdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The arguments of DPDK's Environment Abstraction Layer ({@code rte_eal_init}), as named settings.
 * Each has a default and a reason; {@link #arguments()} renders the command line.
 *
 * @param filePrefix {@code --file-prefix}: names this process's runtime directory
 *     ({@code /var/run/dpdk/<prefix>} as root) and shared files; unique per process so that several
 *     DPDK processes (parallel test JVMs) never meet
 * @param noHuge {@code --no-huge}: anonymous memory instead of hugepages, so no privileges or
 *     hugepage setup are needed (virtual devices only; physical NICs need hugepages for DMA)
 * @param memoryMegabytes {@code -m}: memory EAL reserves, megabytes; 0 leaves it to EAL (with
 *     hugepages: all it finds)
 * @param noPci {@code --no-pci}: do not scan or probe PCI devices (none are bound to DPDK here)
 * @param virtualDevices {@code --vdev} values, e.g. {@code net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap}
 * @param lcores {@code --lcores}; {@code null} maps lcore 0 to every CPU this process may use, so that
 *     EAL pins no thread to a single CPU (jvs threads register as non-EAL lcores instead)
 * @param logLevel {@code --log-level}: EAL's global log level (error, warning, notice, info, debug)
 * @param noTelemetry {@code --no-telemetry}: no telemetry thread and socket
 * @param extraArguments further arguments, appended as given
 */
public record EalConfig(String filePrefix, boolean noHuge, int memoryMegabytes, boolean noPci,
        List<String> virtualDevices, String lcores, String logLevel, boolean noTelemetry,
        List<String> extraArguments) {

    /** 256 MB: mempools of a few queues (8191 mbufs × 2.3 KB ≈ 19 MB each) and the rings fit. */
    public static final int DEFAULT_MEMORY_MEGABYTES = 256;
    /** Warnings and errors only: EAL's notices (one per driver probe) would flood the log. */
    public static final String DEFAULT_LOG_LEVEL = "warning";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Checks the prefix (it names a directory) and copies the lists. */
    public EalConfig {
        Objects.requireNonNull(filePrefix, "filePrefix");
        if (!PREFIX.matcher(filePrefix).matches() || filePrefix.startsWith(".")) {
            throw new IllegalArgumentException("file prefix '" + filePrefix + "' must be 1..64 of [A-Za-z0-9._-]");
        }
        if (memoryMegabytes < 0) {
            throw new IllegalArgumentException("memory: " + memoryMegabytes + " MB is negative");
        }
        virtualDevices = List.copyOf(virtualDevices);
        extraArguments = List.copyOf(extraArguments);
        Objects.requireNonNull(logLevel, "logLevel");
    }

    /**
     * Settings for virtual devices only, without privileges: no hugepages, {@value #DEFAULT_MEMORY_MEGABYTES}
     * MB, no PCI, no telemetry, a file prefix unique to this process ({@code jvs-<pid>}).
     *
     * @param virtualDevices the {@code --vdev} values
     * @return the settings
     */
    public static EalConfig forVirtualDevices(String... virtualDevices) {
        return new EalConfig("jvs-" + ProcessHandle.current().pid(), true, DEFAULT_MEMORY_MEGABYTES, true,
                List.of(virtualDevices), null, DEFAULT_LOG_LEVEL, true, List.of());
    }

    /**
     * Returns a copy with another file prefix.
     *
     * @param value the prefix
     * @return the copy
     */
    public EalConfig withFilePrefix(String value) {
        return new EalConfig(value, noHuge, memoryMegabytes, noPci, virtualDevices, lcores, logLevel, noTelemetry,
                extraArguments);
    }

    /**
     * Returns a copy with one more virtual device.
     *
     * @param value the {@code --vdev} value
     * @return the copy
     */
    public EalConfig withVirtualDevice(String value) {
        List<String> devices = new ArrayList<>(virtualDevices);
        devices.add(value);
        return new EalConfig(filePrefix, noHuge, memoryMegabytes, noPci, devices, lcores, logLevel, noTelemetry,
                extraArguments);
    }

    /**
     * Returns a copy with another memory size.
     *
     * @param value megabytes
     * @return the copy
     */
    public EalConfig withMemoryMegabytes(int value) {
        return new EalConfig(filePrefix, noHuge, value, noPci, virtualDevices, lcores, logLevel, noTelemetry,
                extraArguments);
    }

    /**
     * Returns a copy with another log level.
     *
     * @param value error, warning, notice, info or debug
     * @return the copy
     */
    public EalConfig withLogLevel(String value) {
        return new EalConfig(filePrefix, noHuge, memoryMegabytes, noPci, virtualDevices, lcores, value, noTelemetry,
                extraArguments);
    }

    /**
     * Returns a copy with other extra arguments.
     *
     * @param values the arguments
     * @return the copy
     */
    public EalConfig withExtraArguments(List<String> values) {
        return new EalConfig(filePrefix, noHuge, memoryMegabytes, noPci, virtualDevices, lcores, logLevel, noTelemetry,
                values);
    }

    /**
     * Renders the command line, program name first.
     *
     * @return the arguments for {@code rte_eal_init}
     */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add("jvs");
        args.add("--file-prefix=" + filePrefix);
        if (noHuge) {
            args.add("--no-huge");
        }
        if (memoryMegabytes > 0) {
            args.add("-m");
            args.add(Integer.toString(memoryMegabytes));
        }
        if (noPci) {
            args.add("--no-pci");
        }
        for (String vdev : virtualDevices) {
            args.add("--vdev=" + vdev);
        }
        args.add("--lcores=" + (lcores != null ? lcores : "0@(" + allowedCpus() + ")"));
        args.add("--log-level=" + logLevel);
        if (noTelemetry) {
            args.add("--no-telemetry");
        }
        args.addAll(extraArguments);
        return args;
    }

    /**
     * Returns the CPUs this process may run on, as Linux lists them ("0-1", "0,2-3").
     *
     * @return the list, "0" when unknown
     */
    static String allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    String list = line.substring("Cpus_allowed_list:".length()).trim();
                    return list.isEmpty() ? "0" : list;
                }
            }
        } catch (IOException | RuntimeException e) {
            return "0";
        }
        return "0";
    }
}
