package io.jvs.engine.conn;

import java.util.HashMap;
import java.util.Map;

/** A test accounting that sums the deltas per destination and checks they never go negative. */
final class DestinationCounters implements ConnectionAccounting {

    private final Map<Integer, int[]> counts = new HashMap<>();

    @Override
    public void adjust(int destId, int activeDelta, int inactiveDelta, int templateDelta) {
        int[] c = counts.computeIfAbsent(destId, d -> new int[3]);
        c[0] += activeDelta;
        c[1] += inactiveDelta;
        c[2] += templateDelta;
        if (c[0] < 0 || c[1] < 0 || c[2] < 0) {
            throw new AssertionError("negative count for destination " + destId);
        }
    }

    int active(int destId) {
        return counts.getOrDefault(destId, new int[3])[0];
    }

    int inactive(int destId) {
        return counts.getOrDefault(destId, new int[3])[1];
    }

    int templates(int destId) {
        return counts.getOrDefault(destId, new int[3])[2];
    }

    int total() {
        return counts.values().stream().mapToInt(c -> c[0] + c[1] + c[2]).sum();
    }
}
