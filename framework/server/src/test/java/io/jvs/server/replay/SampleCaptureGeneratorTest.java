package io.jvs.server.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.io.PcapReader;
import io.jvs.server.SourceTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCaptureGeneratorTest {

    @Test
    void shouldMatchTheCommittedSampleCapture(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve("sample.pcap");
        SampleCaptureGenerator.write(fresh);

        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(SourceTree.sampleCapture()),
                "examples/sample.pcap is stale: regenerate it with"
                        + " java -cp framework/server/target/jvs-server.jar"
                        + " io.jvs.server.replay.SampleCaptureGenerator examples/sample.pcap");
    }

    @Test
    void shouldWriteEveryFrameWithItsTimestampInOrder(@TempDir Path dir) throws Exception {
        List<SampleCaptureGenerator.TimedFrame> frames = SampleCaptureGenerator.frames();
        Path file = dir.resolve("sample.pcap");
        SampleCaptureGenerator.write(file);

        try (PcapReader reader = new PcapReader(file)) {
            long previous = Long.MIN_VALUE;
            for (SampleCaptureGenerator.TimedFrame expected : frames) {
                PcapReader.Frame read = reader.next();
                assertEquals(expected.timestampNanos(), read.timestampNanos());
                assertArrayEquals(expected.frame(), read.data());
                assertTrue(read.timestampNanos() >= previous);
                previous = read.timestampNanos();
            }
            assertEquals(null, reader.next());
        }
        assertEquals(SampleCaptureGenerator.START_EPOCH_NANOS, frames.getFirst().timestampNanos());
        assertEquals(SampleCaptureGenerator.START_EPOCH_NANOS + 75_001_000_000L, frames.getLast().timestampNanos());
    }
}
