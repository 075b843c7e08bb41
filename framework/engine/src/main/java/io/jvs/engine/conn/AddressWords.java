package io.jvs.engine.conn;

/** Conversions between 128-bit addresses held as two longs and as four 32-bit words. */
final class AddressWords {

    private AddressWords() {
    }

    static void split(long high, long low, int[] words) {
        words[0] = (int) (high >>> 32);
        words[1] = (int) high;
        words[2] = (int) (low >>> 32);
        words[3] = (int) low;
    }
}
