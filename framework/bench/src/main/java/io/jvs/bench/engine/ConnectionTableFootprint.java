package io.jvs.bench.engine;

import io.jvs.engine.conn.ConnectionAccounting;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.ConnectionTableConfig;
import io.jvs.engine.conn.DestinationResolver;
import io.jvs.engine.conn.EvictionSink;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ServiceView;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports the memory a {@link ConnectionTable} takes per entry of capacity, counted exactly: every
 * array reachable from the table through objects of its own package ({@code io.jvs.engine.conn}),
 * each counted once, with a 16-byte array header; objects outside the package (the resolver, the
 * sink, the timeout profiles) are shared with the engine and not counted. The table allocates all
 * of it in its constructor, so the figure holds at any fill level.
 *
 * <p>Two configurations per capacity: the engine's (IPv6 side records and session index sized to a
 * quarter of the capacity each, the defaults), and an IPv4-only table without session keys (both
 * pools at their minimum): the record, the tuple index, the embryonic ring, the free-id stack and
 * the timing wheel alone.
 *
 * <pre>
 * java -cp framework/bench/target/benchmarks.jar io.jvs.bench.engine.ConnectionTableFootprint
 * </pre>
 */
public final class ConnectionTableFootprint {

    private static final int ARRAY_HEADER = 16;

    private static final DestinationResolver NO_DESTINATIONS = new DestinationResolver() {
        @Override
        public DestinationView destination(int destId) {
            return null;
        }

        @Override
        public ServiceView service(int destId) {
            return null;
        }
    };
    private static final ConnectionAccounting NO_ACCOUNTING = (destId, active, inactive, templates) -> { };
    private static final EvictionSink NO_SINK = (view, reason, nowNanos) -> { };

    private ConnectionTableFootprint() {
    }

    /**
     * Prints bytes per entry for 64k and 1M entries, with the share of each array.
     *
     * @param args ignored
     * @throws IllegalAccessException when the JVM refuses reflection on the table
     */
    public static void main(String[] args) throws IllegalAccessException {
        for (int capacity : new int[] {1 << 16, 1 << 20}) {
            report(capacity, "engine default (IPv6 pool and session index 1/4 of capacity)",
                    new ConnectionTableConfig(capacity));
            report(capacity, "IPv4 only, no session keys",
                    new ConnectionTableConfig(capacity).ipv6Capacity(1).sessionCapacity(1));
        }
    }

    private static void report(int capacity, String name, ConnectionTableConfig config) throws IllegalAccessException {
        ConnectionTable table = new ConnectionTable(config, NO_DESTINATIONS, NO_ACCOUNTING, NO_SINK);
        Map<String, Long> arrays = new TreeMap<>();
        walk(table, "ConnectionTable", new IdentityHashMap<>(), arrays);
        long total = arrays.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("capacity %d, %s: %d bytes, %.1f bytes per entry%n", capacity, name, total,
                (double) total / capacity);
        for (Map.Entry<String, Long> e : arrays.entrySet()) {
            if (e.getValue() * 10 >= capacity) {
                System.out.printf("    %-40s %6.1f bytes per entry%n", e.getKey(), (double) e.getValue() / capacity);
            }
        }
    }

    private static void walk(Object object, String path, IdentityHashMap<Object, Boolean> seen,
            Map<String, Long> arrays) throws IllegalAccessException {
        if (seen.put(object, Boolean.TRUE) != null) {
            return;
        }
        for (Class<?> c = object.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                f.setAccessible(true);
                Object value = f.get(object);
                if (value == null || seen.containsKey(value)) {
                    continue;
                }
                String where = path + "." + f.getName();
                if (value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
                    seen.put(value, Boolean.TRUE);
                    arrays.put(where, ARRAY_HEADER + (long) Array.getLength(value) * elementSize(value));
                } else if (value.getClass().getPackageName().equals(ConnectionTable.class.getPackageName())) {
                    walk(value, where, seen, arrays);
                }
            }
        }
    }

    private static int elementSize(Object array) {
        Class<?> type = array.getClass().getComponentType();
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        return 1;
    }
}
