package io.jvs.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvs.engine.io.PacketBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One worker per configured CPU: {@link Eal#pinCurrentThread} and {@link DpdkPacketIo#pinWorkers}
 * checked against what the kernel reports for the thread ({@code Cpus_allowed_list} of
 * {@code /proc/thread-self/status}).
 */
class WorkerPinningTest {

    static Eal eal;
    static Mempool pool;

    @BeforeAll
    static void startEal() {
        assumeTrue(DpdkLibrary.unavailableReason().isEmpty(), () -> DpdkLibrary.unavailableReason().get());
        eal = Eal.start(EalConfig.forVirtualDevices().withFilePrefix("jvs-pin-" + ProcessHandle.current().pid()));
        pool = Mempool.create(eal, "pin-pool", 1023, 32, Mempool.DEFAULT_DATA_ROOM);
    }

    @AfterAll
    static void stopEal() {
        if (eal != null) {
            pool.close();
            eal.close();
        }
    }

    /** The calling thread's allowed CPUs as the kernel lists them, e.g. {@code 0-1} or {@code 1}. */
    private static String allowedCpus() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new IOException("no Cpus_allowed_list in /proc/thread-self/status");
    }

    /** The highest CPU this process may use: the last number of its allowed list. */
    private static int lastAllowedCpu() throws IOException {
        String list = allowedCpus();
        String last = list.substring(Math.max(list.lastIndexOf(','), list.lastIndexOf('-')) + 1);
        return Integer.parseInt(last);
    }

    private static String onNewThread(ThrowingRunnable body) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                body.run();
                result.set(allowedCpus());
            } catch (Exception | Error e) {
                result.set(e);
            }
        });
        t.join();
        if (result.get() instanceof Exception e) {
            throw e;
        }
        if (result.get() instanceof Error e) {
            throw e;
        }
        return (String) result.get();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void shouldPinTheCallingThreadToOneCpu() throws Exception {
        int cpu = lastAllowedCpu();

        assertEquals(Integer.toString(cpu), onNewThread(() -> eal.pinCurrentThread(cpu)));
    }

    @Test
    void shouldRefuseACpuTheProcessMayNotUse() {
        DpdkException e = assertThrows(DpdkException.class, () -> onNewThread(() -> eal.pinCurrentThread(1000)));

        assertTrue(e.getMessage().contains("CPU 1000"), e.getMessage());
    }

    @Test
    void shouldPinEachQueuesWorkerWhenItFirstReceives() throws Exception {
        int cpu = lastAllowedCpu();
        try (RingCable cable = new RingCable(eal, "pin", 1, 64, 64, pool);
                DpdkPacketIo io = new DpdkPacketIo(eal, cable.engineSide(), pool, 32, 3)) {
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> io.pinWorkers(new int[] {cpu, cpu}));
            assertTrue(count.getMessage().contains("2 CPUs for 1 queues"), count.getMessage());
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> io.pinWorkers(new int[] {1000}));
            assertTrue(refused.getMessage().startsWith("[0]: "), refused.getMessage());

            io.pinWorkers(new int[] {cpu});
            PacketBatch batch = new PacketBatch(32);

            assertEquals(Integer.toString(cpu), onNewThread(() -> io.receive(0, batch)));
        }
    }
}
