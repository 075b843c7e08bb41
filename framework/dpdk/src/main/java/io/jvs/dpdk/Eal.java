package io.jvs.dpdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * DPDK's Environment Abstraction Layer for this process. EAL can be initialised once per process
 * and never again after {@link #close()}: tests that need a fresh EAL run in a fresh JVM.
 *
 * <p>{@code rte_eal_init} pins its calling thread to the main lcore's CPUs, so it runs on a
 * dedicated short-lived thread ({@code jvs-dpdk-eal}) and, by default, lcore 0 is mapped to every CPU
 * the process may use (see {@link EalConfig#lcores()}). Threads that call into DPDK's fast path (the
 * workers) register as non-EAL lcores with {@link #registerCurrentThread()}, which gives them a
 * mempool cache; {@link DpdkPacketIo} does that on a queue's first burst.
 *
 * <p><b>Thread-safety:</b> the methods are thread-safe; DPDK's control functions (ports, mempools)
 * are called under this object's lock by the classes of this package.
 */
public final class Eal implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Eal.class.getName());
    private static final Object LOCK = new Object();
    private static Eal current;
    private static String initialisedWith;

    private final EalConfig config;
    private final List<String> arguments;
    private final RteFunctions rte;
    private final ThreadLocal<Boolean> registered = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private boolean closed;
    private boolean warnedNoLcore;

    private Eal(EalConfig config, List<String> arguments, RteFunctions rte) {
        this.config = config;
        this.arguments = arguments;
        this.rte = rte;
    }

    /**
     * Initialises EAL with the given settings.
     *
     * @param config the settings
     * @return the EAL of this process
     * @throws DpdkException when DPDK is unavailable, EAL refuses the arguments, or EAL was already
     *     initialised in this process (even if closed since)
     */
    public static Eal start(EalConfig config) {
        synchronized (LOCK) {
            List<String> arguments = config.arguments();
            if (initialisedWith != null) {
                throw new DpdkException("EAL is initialised once per process and already was, with " + initialisedWith
                        + (current == null ? " (and closed since)" : "") + "; run in a fresh JVM");
            }
            RteFunctions rte = RteFunctions.get();
            int[] result = {0, 0};
            Thread init = Thread.ofPlatform().name("jvs-dpdk-eal").unstarted(() -> {
                Arena arena = Arena.global();
                MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, arguments.size() + 1L);
                for (int i = 0; i < arguments.size(); i++) {
                    argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(arguments.get(i)));
                }
                argv.setAtIndex(ValueLayout.ADDRESS, arguments.size(), MemorySegment.NULL);
                result[0] = rte.ealInit(arguments.size(), argv);
                result[1] = result[0] < 0 ? rte.lastErrno() : 0;
            });
            init.start();
            try {
                init.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DpdkException("interrupted while EAL initialised");
            }
            initialisedWith = arguments.toString();
            if (result[0] < 0) {
                throw new DpdkException("rte_eal_init" + arguments + " failed: "
                        + (result[1] != 0 ? rte.strerror(result[1]) + " (rte_errno " + result[1] + ")" : "see EAL's log"));
            }
            current = new Eal(config, arguments, rte);
            LOG.log(Level.INFO, () -> "EAL initialised by " + rte.library().version() + ": " + arguments);
            return current;
        }
    }

    /**
     * Returns the initialised, open EAL of this process.
     *
     * @return the EAL, empty before {@link #start} or after {@link #close()}
     */
    public static Optional<Eal> current() {
        synchronized (LOCK) {
            return Optional.ofNullable(current);
        }
    }

    /** Returns the settings. @return the settings */
    public EalConfig config() {
        return config;
    }

    /** Returns the command line EAL was initialised with. @return the arguments */
    public List<String> arguments() {
        return arguments;
    }

    /** Returns the DPDK version string. @return e.g. "DPDK 22.11.11" */
    public String version() {
        return rte.library().version();
    }

    /**
     * Registers the calling thread as a non-EAL lcore ({@code rte_thread_register}) unless it already
     * is, so that mempool operations on it use a per-lcore cache. Idempotent.
     *
     * @return {@code true} when the thread has an lcore id; {@code false} when EAL has no lcore left
     *     (the thread still works, without a mempool cache)
     */
    public boolean registerCurrentThread() {
        if (registered.get()) {
            return true;
        }
        checkOpen();
        if (rte.threadRegister() != 0) {
            synchronized (this) {
                if (!warnedNoLcore) {
                    warnedNoLcore = true;
                    LOG.log(Level.WARNING, "rte_thread_register failed for " + Thread.currentThread().getName() + ": "
                            + rte.strerror(rte.lastErrno()) + "; the thread runs without a mempool cache");
                }
            }
            return false;
        }
        registered.set(Boolean.TRUE);
        return true;
    }

    /** Bytes of {@code rte_cpuset_t} ({@code cpu_set_t}: 1024 CPUs). */
    private static final int CPUSET_BYTES = 128;

    /**
     * Pins the calling thread to one CPU ({@code rte_thread_set_affinity}, which also records it as
     * the thread's lcore CPU set). Control-plane path.
     *
     * @param cpu the CPU, 0..1023
     * @throws DpdkException when the CPU does not exist or is not allowed for this process
     */
    public void pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= CPUSET_BYTES * 8) {
            throw new DpdkException("CPU " + cpu + " is out of 0.." + (CPUSET_BYTES * 8 - 1));
        }
        checkOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPUSET_BYTES, 8);
            set.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            if (rte.threadSetAffinity(set) != 0) {
                throw new DpdkException("cannot pin " + Thread.currentThread().getName() + " to CPU " + cpu
                        + ": it is not one this process may run on (see its Cpus_allowed_list)");
            }
        }
    }

    /** Releases the calling thread's lcore id, if it has one ({@code rte_thread_unregister}). */
    public void unregisterCurrentThread() {
        if (registered.get()) {
            rte.threadUnregister();
            registered.set(Boolean.FALSE);
        }
    }

    /**
     * Returns the runtime directories EAL may have made for this process's file prefix: as root
     * {@code /var/run/dpdk/<prefix>}, otherwise {@code $XDG_RUNTIME_DIR/dpdk/<prefix>} or
     * {@code /tmp/dpdk/<prefix>}.
     *
     * @return the candidate directories
     */
    public List<Path> runtimeDirectories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("/var/run/dpdk", config.filePrefix()));
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            dirs.add(Path.of(xdg, "dpdk", config.filePrefix()));
        }
        dirs.add(Path.of("/tmp/dpdk", config.filePrefix()));
        return dirs;
    }

    void checkOpen() {
        synchronized (LOCK) {
            if (closed) {
                throw new IllegalStateException("EAL is closed");
            }
        }
    }

    RteFunctions rte() {
        return rte;
    }

    /**
     * Releases EAL's resources ({@code rte_eal_cleanup}) and deletes this process's runtime
     * directory. Close ports and mempools first. EAL cannot be started again in this process.
     */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            current = null;
            int rc = rte.ealCleanup();
            if (rc != 0) {
                LOG.log(Level.WARNING, "rte_eal_cleanup returned " + rc);
            }
            for (Path dir : runtimeDirectories()) {
                deleteRecursively(dir);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete DPDK runtime directory " + dir, e);
        }
    }
}
