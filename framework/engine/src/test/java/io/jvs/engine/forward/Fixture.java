package io.jvs.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvs.engine.packet.PacketBuilder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * One row of a forwarding table: an input frame, an operation on it, the result code it must
 * return and the exact frame it must leave (built independently, with PacketBuilder). A refused
 * operation must leave the input byte for byte.
 *
 * @param description what the row shows
 * @param input the frame before
 * @param operation the forwarding step(s)
 * @param expectedResult the ForwardResult code
 * @param expected the frame after
 */
record Fixture(String description, Supplier<byte[]> input, Operation operation, int expectedResult,
        Supplier<byte[]> expected) {

    /** A forwarding step on a frame; it updates the frame's bounds when it moves them. */
    interface Operation {
        int apply(Frame frame);
    }

    static Fixture ok(String description, PacketBuilder input, Operation operation, PacketBuilder expected) {
        return new Fixture(description, input::build, operation, ForwardResult.OK, expected::build);
    }

    static Fixture refused(String description, PacketBuilder input, Operation operation, int result) {
        return new Fixture(description, input::build, operation, result, input::build);
    }

    /** Runs the operation on a fresh frame and returns the frame's bytes after it. */
    byte[] output() {
        Frame frame = new Frame(input.get());
        int result = operation.apply(frame);
        assertEquals(ForwardResult.name(expectedResult), ForwardResult.name(result), description);
        return frame.bytes();
    }

    /** Asserts the result code, the exact output bytes, and (when OK) every checksum, recomputed naively. */
    void verify() {
        byte[] actual = output();
        byte[] wanted = expected.get();
        if (!Arrays.equals(wanted, actual)) {
            fail(description + ": output differs from the expected frame" + difference(wanted, actual));
        }
        if (expectedResult == ForwardResult.OK) {
            assertEquals(List.of(), NaiveChecksums.problems(actual), description + ": checksums");
        }
    }

    private static String difference(byte[] wanted, byte[] actual) {
        int at = Arrays.mismatch(wanted, actual);
        HexFormat hex = HexFormat.of();
        return " at byte " + at + " (lengths " + wanted.length + ", " + actual.length + ")"
                + "\n expected " + hex.formatHex(wanted) + "\n actual   " + hex.formatHex(actual);
    }

    @Override
    public String toString() {
        return description;
    }
}
