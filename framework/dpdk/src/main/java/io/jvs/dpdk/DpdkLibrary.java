package io.jvs.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DPDK shared libraries of the host, loaded through FFM, and the guard that the binding's struct
 * layouts ({@link Mbuf}, {@link EthFpOps}, {@link EthStats}) match them.
 *
 * <p>The binding is written against Debian's DPDK 22.11 LTS (ABI 23: {@code librte_*.so.23}). The
 * libraries are found by their ABI-versioned names, and {@code rte_version()} must report
 * {@value #SUPPORTED_RELEASE}.x; anything else is refused with a message that names both versions,
 * because reading {@code rte_eth_fp_ops} or {@code struct rte_mbuf} with the wrong layout would
 * corrupt memory instead of failing.
 *
 * <p><b>Thread-safety:</b> immutable after {@link #load()}; method handles may be used from any thread.
 */
public final class DpdkLibrary {

    /** The DPDK release the layouts are taken from (major.minor of {@code rte_version()}). */
    public static final String SUPPORTED_RELEASE = "22.11";
    /** Shared libraries of ABI 23 that the binding calls, in load order. */
    public static final List<String> LIBRARIES = List.of("librte_eal.so.23", "librte_ring.so.23",
            "librte_mempool.so.23", "librte_mbuf.so.23", "librte_ethdev.so.23");
    /** The Debian packages that provide the libraries (and the virtual-device drivers). */
    public static final String PACKAGES = "dpdk libdpdk-dev";

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Object LOCK = new Object();
    private static DpdkLibrary loaded;
    private static String failure;

    private final SymbolLookup lookup;
    private final String version;

    private DpdkLibrary(SymbolLookup lookup, String version) {
        this.lookup = lookup;
        this.version = version;
    }

    /**
     * Loads the libraries once per process and checks their version.
     *
     * @return the library
     * @throws DpdkException when a library is missing or its version is not supported (the message
     *     says which and how to install the right one)
     */
    public static DpdkLibrary load() {
        synchronized (LOCK) {
            if (loaded != null) {
                return loaded;
            }
            if (failure != null) {
                throw new DpdkException(failure);
            }
            try {
                loaded = open();
                return loaded;
            } catch (DpdkException e) {
                failure = e.getMessage();
                throw e;
            }
        }
    }

    /**
     * Tells why DPDK cannot be used in this process, for tests that skip without it.
     *
     * @return the reason, or empty when {@link #load()} succeeds
     */
    public static Optional<String> unavailableReason() {
        try {
            load();
            return Optional.empty();
        } catch (DpdkException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static DpdkLibrary open() {
        SymbolLookup lookup = null;
        List<String> missing = new ArrayList<>();
        for (String name : LIBRARIES) {
            try {
                SymbolLookup one = SymbolLookup.libraryLookup(name, Arena.global());
                lookup = lookup == null ? one : lookup.or(one);
            } catch (IllegalArgumentException e) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new DpdkException("DPDK " + SUPPORTED_RELEASE + " is not installed: cannot load " + missing
                    + " (install the Debian packages: apt-get install -y " + PACKAGES + ")");
        }
        MethodHandle rteVersion = LINKER.downcallHandle(lookup.find("rte_version").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        String version;
        try {
            MemorySegment text = (MemorySegment) rteVersion.invokeExact();
            version = text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw new DpdkException("rte_version() failed: " + t, t);
        }
        String problem = versionProblem(version);
        if (problem != null) {
            throw new DpdkException(problem);
        }
        return new DpdkLibrary(lookup, version);
    }

    /**
     * Checks a version string as {@code rte_version()} returns it ("DPDK 22.11.11").
     *
     * @param version the string
     * @return {@code null} when supported, else why not
     */
    static String versionProblem(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.find()) {
            return "cannot read the DPDK version from rte_version() = '" + version + "'";
        }
        String release = m.group(1) + "." + m.group(2);
        if (!release.equals(SUPPORTED_RELEASE)) {
            return "DPDK ABI mismatch: the host has " + version + " but jvs-dpdk reads rte_eth_fp_ops and struct "
                    + "rte_mbuf with the layouts of DPDK " + SUPPORTED_RELEASE + " (ABI 23); install DPDK "
                    + SUPPORTED_RELEASE + " (Debian 12: apt-get install -y " + PACKAGES + ")";
        }
        return null;
    }

    /** Returns what {@code rte_version()} reported, e.g. "DPDK 22.11.11". @return the version */
    public String version() {
        return version;
    }

    /**
     * Returns the address of an exported symbol.
     *
     * @param name the symbol
     * @return its address
     * @throws DpdkException when no loaded library exports it
     */
    MemorySegment symbol(String name) {
        return lookup.find(name).orElseThrow(() -> new DpdkException("DPDK symbol " + name + " not found in "
                + LIBRARIES));
    }

    /**
     * Returns the address of an exported symbol, if any (slow path: looks it up each time, so that
     * thread-local symbols resolve for the calling thread).
     *
     * @param name the symbol
     * @return its address
     */
    Optional<MemorySegment> find(String name) {
        return lookup.find(name);
    }

    /**
     * Makes a downcall handle for an exported function.
     *
     * @param name the function
     * @param descriptor its C signature
     * @param options linker options ({@code critical} for the fast path)
     * @return the handle
     */
    MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    /**
     * Makes a downcall handle for an exported function of a library that EAL loads as a driver
     * (e.g. {@code librte_net_ring.so.23}); call only after EAL has loaded it.
     *
     * @param library the library's name
     * @param name the function
     * @param descriptor its C signature
     * @return the handle
     */
    MethodHandle driverFunction(String library, String name, FunctionDescriptor descriptor) {
        SymbolLookup driver = SymbolLookup.libraryLookup(library, Arena.global());
        MemorySegment address = driver.find(name).orElseThrow(() -> new DpdkException("DPDK symbol " + name
                + " not found in " + library));
        return LINKER.downcallHandle(address, descriptor);
    }
}
