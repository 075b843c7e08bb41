package io.jvs.engine.conn;

import io.jvs.spi.EvictionReason;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A test sink that copies what each notification shows, and can fail or misbehave on demand. */
final class EvictionLog implements EvictionSink {

    record Event(int entryId, EvictionReason reason, long nowNanos, int family, int clientWord0, int clientWord3,
            int clientPort, int virtualPort, int destId, String stateName, boolean template, long sessionKey,
            long createdNanos, boolean liveDuringCall) {
    }

    final List<Event> events = new ArrayList<>();
    private Consumer<ConnectionEntryView> action;
    private int failuresLeft;

    @Override
    public void evicted(ConnectionEntryView entry, EvictionReason reason, long nowNanos) {
        ConnectionTable table = entry.table();
        int id = entry.entryId();
        events.add(new Event(id, reason, nowNanos, entry.family(), entry.clientAddressWord(0),
                entry.family() == 6 ? entry.clientAddressWord(3) : 0, entry.clientPort(), entry.virtualPort(),
                entry.destinationId(), entry.stateName(), entry.isTemplate(), entry.sessionKey(),
                entry.createdNanos(), table.isLive(id)));
        if (action != null) {
            action.accept(entry);
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new IllegalArgumentException("sink failure for entry " + id);
        }
    }

    void failNext(int count) {
        failuresLeft = count;
    }

    void onEviction(Consumer<ConnectionEntryView> hook) {
        this.action = hook;
    }

    List<Event> drain() {
        List<Event> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    long count(EvictionReason reason) {
        return events.stream().filter(e -> e.reason() == reason).count();
    }
}
