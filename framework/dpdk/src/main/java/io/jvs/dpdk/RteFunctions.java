package io.jvs.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The exported DPDK functions of the slow path (setup, statistics, teardown), as typed Java methods
 * over FFM downcall handles. The burst functions live in {@link FastPath}.
 *
 * <p>C {@code uint16_t} values travel as Java {@code short} and are masked on return; pointers as
 * {@link MemorySegment}s of size 0.
 */
final class RteFunctions {

    private static final Object LOCK = new Object();
    private static RteFunctions instance;

    private final DpdkLibrary library;
    private final MethodHandle ealInit;
    private final MethodHandle ealCleanup;
    private final MethodHandle threadRegister;
    private final MethodHandle threadUnregister;
    private final MethodHandle threadSetAffinity;
    private final MethodHandle strerror;
    private final MethodHandle socketId;
    private final MethodHandle pktmbufPoolCreate;
    private final MethodHandle mempoolFree;
    private final MethodHandle mempoolAvailCount;
    private final MethodHandle mempoolInUseCount;
    private final MethodHandle pktmbufCopy;
    private final MethodHandle portByName;
    private final MethodHandle devConfigure;
    private final MethodHandle rxQueueSetup;
    private final MethodHandle txQueueSetup;
    private final MethodHandle devStart;
    private final MethodHandle devStop;
    private final MethodHandle devClose;
    private final MethodHandle devSocketId;
    private final MethodHandle linkGetNowait;
    private final MethodHandle statsGet;
    private final MethodHandle statsReset;
    private final MethodHandle macaddrGet;
    private final MethodHandle macaddrSet;
    private final MethodHandle promiscuousEnable;
    private final MethodHandle devInfoGet;
    private final MethodHandle callRxCallbacks;
    private final MethodHandle callTxCallbacks;
    private final MethodHandle ringCreate;
    private final MethodHandle ringFree;
    private final MemorySegment ethFpOps;
    private MethodHandle ethFromRings;

    private RteFunctions(DpdkLibrary lib) {
        this.library = lib;
        ealInit = lib.function("rte_eal_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        ealCleanup = lib.function("rte_eal_cleanup", FunctionDescriptor.of(JAVA_INT));
        threadRegister = lib.function("rte_thread_register", FunctionDescriptor.of(JAVA_INT));
        threadUnregister = lib.function("rte_thread_unregister", FunctionDescriptor.ofVoid());
        threadSetAffinity = lib.function("rte_thread_set_affinity", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        strerror = lib.function("rte_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        socketId = lib.function("rte_socket_id", FunctionDescriptor.of(JAVA_INT));
        pktmbufPoolCreate = lib.function("rte_pktmbuf_pool_create",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_INT));
        mempoolFree = lib.function("rte_mempool_free", FunctionDescriptor.ofVoid(ADDRESS));
        mempoolAvailCount = lib.function("rte_mempool_avail_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        mempoolInUseCount = lib.function("rte_mempool_in_use_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pktmbufCopy = lib.function("rte_pktmbuf_copy",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        portByName = lib.function("rte_eth_dev_get_port_by_name", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        devConfigure = lib.function("rte_eth_dev_configure",
                FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS));
        rxQueueSetup = lib.function("rte_eth_rx_queue_setup",
                FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS, ADDRESS));
        txQueueSetup = lib.function("rte_eth_tx_queue_setup",
                FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS));
        devStart = lib.function("rte_eth_dev_start", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
        devStop = lib.function("rte_eth_dev_stop", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
        devClose = lib.function("rte_eth_dev_close", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
        devSocketId = lib.function("rte_eth_dev_socket_id", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
        linkGetNowait = lib.function("rte_eth_link_get_nowait", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
        statsGet = lib.function("rte_eth_stats_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
        statsReset = lib.function("rte_eth_stats_reset", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
        macaddrGet = lib.function("rte_eth_macaddr_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
        macaddrSet = lib.function("rte_eth_dev_default_mac_addr_set",
                FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
        promiscuousEnable = lib.function("rte_eth_promiscuous_enable", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
        devInfoGet = lib.function("rte_eth_dev_info_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
        callRxCallbacks = lib.function("rte_eth_call_rx_callbacks",
                FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT, JAVA_SHORT, ADDRESS));
        callTxCallbacks = lib.function("rte_eth_call_tx_callbacks",
                FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT, ADDRESS));
        ringCreate = lib.function("rte_ring_create", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        ringFree = lib.function("rte_ring_free", FunctionDescriptor.ofVoid(ADDRESS));
        ethFpOps = lib.symbol("rte_eth_fp_ops");
    }

    /**
     * Returns the functions, loading the libraries on first use.
     *
     * @return the functions
     * @throws DpdkException when DPDK is unavailable
     */
    static RteFunctions get() {
        synchronized (LOCK) {
            if (instance == null) {
                instance = new RteFunctions(DpdkLibrary.load());
            }
            return instance;
        }
    }

    DpdkLibrary library() {
        return library;
    }

    /** Returns the address of {@code rte_eth_fp_ops[0]}. @return the address */
    long ethFpOps() {
        return ethFpOps.address();
    }

    private static RuntimeException failure(String call, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new DpdkException(call + " failed: " + t, t);
    }

    int ealInit(int argc, MemorySegment argv) {
        try {
            return (int) ealInit.invokeExact(argc, argv);
        } catch (Throwable t) {
            throw failure("rte_eal_init", t);
        }
    }

    int ealCleanup() {
        try {
            return (int) ealCleanup.invokeExact();
        } catch (Throwable t) {
            throw failure("rte_eal_cleanup", t);
        }
    }

    int threadRegister() {
        try {
            return (int) threadRegister.invokeExact();
        } catch (Throwable t) {
            throw failure("rte_thread_register", t);
        }
    }

    int threadSetAffinity(MemorySegment cpuset) {
        try {
            return (int) threadSetAffinity.invokeExact(cpuset);
        } catch (Throwable t) {
            throw failure("rte_thread_set_affinity", t);
        }
    }

    void threadUnregister() {
        try {
            threadUnregister.invokeExact();
        } catch (Throwable t) {
            throw failure("rte_thread_unregister", t);
        }
    }

    /**
     * Returns DPDK's text for an error number (errno or rte_errno values).
     *
     * @param errno the positive error number
     * @return the text
     */
    String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
            return text.reinterpret(512).getString(0);
        } catch (Throwable t) {
            throw failure("rte_strerror", t);
        }
    }

    /**
     * Returns the calling thread's {@code rte_errno} (a thread-local variable of librte_eal).
     *
     * @return the value, or 0 when it cannot be read
     */
    int lastErrno() {
        return library.find("per_lcore__rte_errno").map(s -> s.reinterpret(4).get(JAVA_INT, 0)).orElse(0);
    }

    int socketId() {
        try {
            return (int) socketId.invokeExact();
        } catch (Throwable t) {
            throw failure("rte_socket_id", t);
        }
    }

    MemorySegment pktmbufPoolCreate(MemorySegment name, int n, int cacheSize, int privSize, int dataRoom, int socket) {
        try {
            return (MemorySegment) pktmbufPoolCreate.invokeExact(name, n, cacheSize, (short) privSize, (short) dataRoom,
                    socket);
        } catch (Throwable t) {
            throw failure("rte_pktmbuf_pool_create", t);
        }
    }

    void mempoolFree(MemorySegment pool) {
        try {
            mempoolFree.invokeExact(pool);
        } catch (Throwable t) {
            throw failure("rte_mempool_free", t);
        }
    }

    int mempoolAvailCount(MemorySegment pool) {
        try {
            return (int) mempoolAvailCount.invokeExact(pool);
        } catch (Throwable t) {
            throw failure("rte_mempool_avail_count", t);
        }
    }

    int mempoolInUseCount(MemorySegment pool) {
        try {
            return (int) mempoolInUseCount.invokeExact(pool);
        } catch (Throwable t) {
            throw failure("rte_mempool_in_use_count", t);
        }
    }

    MemorySegment pktmbufCopy(MemorySegment mbuf, MemorySegment pool, int offset, int length) {
        try {
            return (MemorySegment) pktmbufCopy.invokeExact(mbuf, pool, offset, length);
        } catch (Throwable t) {
            throw failure("rte_pktmbuf_copy", t);
        }
    }

    int portByName(MemorySegment name, MemorySegment portId) {
        try {
            return (int) portByName.invokeExact(name, portId);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_get_port_by_name", t);
        }
    }

    int devConfigure(int port, int rxQueues, int txQueues, MemorySegment conf) {
        try {
            return (int) devConfigure.invokeExact((short) port, (short) rxQueues, (short) txQueues, conf);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_configure", t);
        }
    }

    int rxQueueSetup(int port, int queue, int descriptors, int socket, MemorySegment conf, MemorySegment pool) {
        try {
            return (int) rxQueueSetup.invokeExact((short) port, (short) queue, (short) descriptors, socket, conf, pool);
        } catch (Throwable t) {
            throw failure("rte_eth_rx_queue_setup", t);
        }
    }

    int txQueueSetup(int port, int queue, int descriptors, int socket, MemorySegment conf) {
        try {
            return (int) txQueueSetup.invokeExact((short) port, (short) queue, (short) descriptors, socket, conf);
        } catch (Throwable t) {
            throw failure("rte_eth_tx_queue_setup", t);
        }
    }

    int devStart(int port) {
        try {
            return (int) devStart.invokeExact((short) port);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_start", t);
        }
    }

    int devStop(int port) {
        try {
            return (int) devStop.invokeExact((short) port);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_stop", t);
        }
    }

    int devClose(int port) {
        try {
            return (int) devClose.invokeExact((short) port);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_close", t);
        }
    }

    int devSocketId(int port) {
        try {
            return (int) devSocketId.invokeExact((short) port);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_socket_id", t);
        }
    }

    int linkGetNowait(int port, MemorySegment link) {
        try {
            return (int) linkGetNowait.invokeExact((short) port, link);
        } catch (Throwable t) {
            throw failure("rte_eth_link_get_nowait", t);
        }
    }

    int statsGet(int port, MemorySegment stats) {
        try {
            return (int) statsGet.invokeExact((short) port, stats);
        } catch (Throwable t) {
            throw failure("rte_eth_stats_get", t);
        }
    }

    int statsReset(int port) {
        try {
            return (int) statsReset.invokeExact((short) port);
        } catch (Throwable t) {
            throw failure("rte_eth_stats_reset", t);
        }
    }

    int macaddrGet(int port, MemorySegment mac) {
        try {
            return (int) macaddrGet.invokeExact((short) port, mac);
        } catch (Throwable t) {
            throw failure("rte_eth_macaddr_get", t);
        }
    }

    int macaddrSet(int port, MemorySegment mac) {
        try {
            return (int) macaddrSet.invokeExact((short) port, mac);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_default_mac_addr_set", t);
        }
    }

    int promiscuousEnable(int port) {
        try {
            return (int) promiscuousEnable.invokeExact((short) port);
        } catch (Throwable t) {
            throw failure("rte_eth_promiscuous_enable", t);
        }
    }

    int devInfoGet(int port, MemorySegment info) {
        try {
            return (int) devInfoGet.invokeExact((short) port, info);
        } catch (Throwable t) {
            throw failure("rte_eth_dev_info_get", t);
        }
    }

    int callRxCallbacks(int port, int queue, MemorySegment mbufs, int received, int max, MemorySegment callback) {
        try {
            return (short) callRxCallbacks.invokeExact((short) port, (short) queue, mbufs, (short) received,
                    (short) max, callback) & 0xFFFF;
        } catch (Throwable t) {
            throw failure("rte_eth_call_rx_callbacks", t);
        }
    }

    int callTxCallbacks(int port, int queue, MemorySegment mbufs, int count, MemorySegment callback) {
        try {
            return (short) callTxCallbacks.invokeExact((short) port, (short) queue, mbufs, (short) count, callback)
                    & 0xFFFF;
        } catch (Throwable t) {
            throw failure("rte_eth_call_tx_callbacks", t);
        }
    }

    MemorySegment ringCreate(MemorySegment name, int count, int socket, int flags) {
        try {
            return (MemorySegment) ringCreate.invokeExact(name, count, socket, flags);
        } catch (Throwable t) {
            throw failure("rte_ring_create", t);
        }
    }

    void ringFree(MemorySegment ring) {
        try {
            ringFree.invokeExact(ring);
        } catch (Throwable t) {
            throw failure("rte_ring_free", t);
        }
    }

    int ethFromRings(MemorySegment name, MemorySegment rx, int rxCount, MemorySegment tx, int txCount, int numa) {
        MethodHandle h;
        synchronized (this) {
            if (ethFromRings == null) {
                ethFromRings = library.driverFunction("librte_net_ring.so.23", "rte_eth_from_rings",
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
            }
            h = ethFromRings;
        }
        try {
            return (int) h.invokeExact(name, rx, rxCount, tx, txCount, numa);
        } catch (Throwable t) {
            throw failure("rte_eth_from_rings", t);
        }
    }
}
