package io.jvs.proxy;

/**
 * A FIFO of relays waiting with a deadline, for waits whose timeout is the same for every relay (the
 * payload timeout, the connect timeout): deadlines then come in the order of insertion and the
 * earliest is always at the head. A relay that stops waiting is not searched for: its element stays
 * and is skipped when it reaches the head, because the relay's own deadline no longer matches it.
 *
 * <p>A growable ring of (deadline, relay) pairs; loop thread only.
 */
final class DeadlineQueue {

    private long[] deadlines = new long[64];
    private TcpRelay[] relays = new TcpRelay[64];
    private int head;
    private int size;

    /** Appends a relay waiting until {@code deadlineNanos}, which must not precede earlier ones. */
    void add(TcpRelay relay, long deadlineNanos) {
        if (size == relays.length) {
            grow();
        }
        int at = (head + size) & (relays.length - 1);
        relays[at] = relay;
        deadlines[at] = deadlineNanos;
        size++;
    }

    /**
     * Hands every relay whose deadline has passed and that still waits for it to {@code expired}.
     *
     * @param nowNanos the current time
     * @param waitState the relay state that this queue times
     * @param expired called with each relay that timed out
     * @return the number of relays that timed out
     */
    int expire(long nowNanos, int waitState, java.util.function.Consumer<TcpRelay> expired) {
        int n = 0;
        while (size > 0 && deadlines[head] - nowNanos <= 0) {
            TcpRelay r = relays[head];
            long d = deadlines[head];
            relays[head] = null;
            head = (head + 1) & (relays.length - 1);
            size--;
            if (r.state == waitState && r.deadline == d) {
                expired.accept(r);
                n++;
            }
        }
        return n;
    }

    /** Returns the earliest deadline, or {@code Long.MAX_VALUE} when empty (stale elements included). */
    long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : deadlines[head];
    }

    /** Returns the number of elements, stale ones included. */
    int size() {
        return size;
    }

    private void grow() {
        int n = relays.length;
        long[] d = new long[n * 2];
        TcpRelay[] r = new TcpRelay[n * 2];
        for (int i = 0; i < size; i++) {
            d[i] = deadlines[(head + i) & (n - 1)];
            r[i] = relays[(head + i) & (n - 1)];
        }
        deadlines = d;
        relays = r;
        head = 0;
    }
}
