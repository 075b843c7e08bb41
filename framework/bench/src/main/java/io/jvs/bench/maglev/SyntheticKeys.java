package io.jvs.bench.maglev;

import java.util.ArrayList;
import java.util.List;

/** Destination keys for the Maglev benchmarks and plots: {@code "10.a.b.c:80"}, numbered from 10.0.0.0. */
final class SyntheticKeys {

    private SyntheticKeys() {
    }

    /**
     * Returns the address literal of destination {@code i}.
     *
     * @param i 0..2^24-1
     * @return {@code "10.a.b.c"}
     */
    static String address(int i) {
        return "10." + (i >>> 16) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF);
    }

    /**
     * Returns the keys of destinations 0..n-1 on port 80, in that order.
     *
     * @param n how many
     * @return the keys
     */
    static List<String> of(int n) {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(address(i) + ":80");
        }
        return keys;
    }
}
