package io.jvs.server.replay;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.conn.ConnectionEntryView;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.io.PcapPacketIo;
import io.jvs.engine.io.PcapReader;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.plugin.SchedulerRegistry;
import io.jvs.spi.EvictionListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the packet engine over a capture file ({@code jvs replay}): every frame of the input goes
 * through the configured services, every frame the engine transmits goes to the output capture,
 * and every connection's decision is recorded.
 *
 * <p><b>Clock:</b> simulated from the capture. The replay runs one worker with bursts of one frame
 * and calls {@link Worker#doWork(long)} itself, once per frame, with that frame's capture time
 * (shifted so that the first frame is at {@link #START_NANOS}, and never going backwards). Timeouts
 * therefore expire as they would have during the capture, however fast the replay runs.
 */
public final class CaptureReplay {

    /** The engine time of the first frame: one second, as the embedded engine starts. */
    public static final long START_NANOS = 1_000_000_000L;

    /** Most cycles spent draining the engine after the last frame (commands, due expiries). */
    private static final int DRAIN_LIMIT = 1_000_000;

    private CaptureReplay() {
    }

    /**
     * Replays a capture.
     *
     * @param config the configuration: services, sysctls, engine settings (the replay forces one
     *     worker and one frame per burst)
     * @param schedulers the scheduler factories
     * @param listeners further eviction listeners (the plugins'), called before the replay's own
     * @param in the capture to read (classic pcap, Ethernet)
     * @param out the capture to write, created or truncated
     * @return the decisions and counters
     * @throws IOException when a capture cannot be read or written, or {@code out} is {@code in}
     * @throws ConfigException when the engine refuses the configuration's services
     */
    public static ReplayResult run(JvsConfig config, SchedulerRegistry schedulers, List<EvictionListener> listeners,
            Path in, Path out) throws IOException, ConfigException {
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new IOException(out + ": the output capture is the input capture; name another output file");
        }
        EngineSettings configured = config.toEngineSettings();
        EngineSettings settings = new EngineSettings(1, configured.connectionsPerWorker(), configured.timeouts(), 1,
                configured.commandCapacity(), configured.forwarding(), configured.neighbors(), configured.synProxy());
        FlowRecorder recorder = new FlowRecorder();
        List<EvictionListener> all = new ArrayList<>(listeners);
        all.add(recorder);
        try (PcapReader clock = new PcapReader(in); PcapPacketIo io = new PcapPacketIo(in, out, 1)) {
            Engine engine = EngineFactory.create(config, settings, io, schedulers, all);
            try {
                Worker worker = engine.workers().getFirst();
                long now = START_NANOS;
                long first = Long.MIN_VALUE;
                PcapReader.Frame frame;
                while ((frame = clock.next()) != null) {
                    if (first == Long.MIN_VALUE) {
                        first = frame.timestampNanos();
                    }
                    now = Math.max(now, START_NANOS + (frame.timestampNanos() - first));
                    worker.doWork(now);
                }
                for (int cycle = 0; cycle < DRAIN_LIMIT && worker.doWork(now) > 0; cycle++) {
                    // each cycle applies commands and expires due entries until nothing is left
                }
                return result(engine, worker, recorder, io);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                engine.close();
            }
        }
    }

    private static ReplayResult result(Engine engine, Worker worker, FlowRecorder recorder, PcapPacketIo io) {
        List<FlowRecord> flows = new ArrayList<>(recorder.evicted());
        ConnectionTable table = worker.table();
        ConnectionEntryView view = new ConnectionEntryView(table);
        int templates = 0;
        for (int id = table.nextLive(0); id != ConnectionTable.MISSING; id = table.nextLive(id + 1)) {
            if (table.isTemplate(id)) {
                templates++;
            } else {
                flows.add(FlowRecord.of(view.wrap(id), null));
            }
        }
        flows.sort(Comparator.comparingLong(FlowRecord::createdNanos));
        long[] counters = new long[WorkerCounters.COUNT];
        for (int c = 0; c < counters.length; c++) {
            counters[c] = engine.counter(c);
        }
        return new ReplayResult(flows, counters, templates, io.framesRead(), io.framesWritten());
    }
}
