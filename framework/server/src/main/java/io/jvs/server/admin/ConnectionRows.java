package io.jvs.server.admin;

import io.jvs.engine.Engine;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.worker.Worker;
import io.jvs.spi.AddressFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lists the connection tables without racing the workers: while worker threads run, each worker
 * copies its own shard when it drains the listing command (the workers never block on the control
 * plane; the caller waits); without threads (embedded engines, tests) the caller's thread, which
 * drives the workers, reads the shards itself.
 */
public final class ConnectionRows {

    /** Most time a listing waits for one worker, milliseconds. */
    public static final long WAIT_MILLIS = 5_000;

    private ConnectionRows() {
    }

    /**
     * Lists every live entry (connections and templates), worker by worker.
     *
     * @param engine the engine
     * @param nowNanos the engine's clock, for the expiry of entries read without threads
     * @return the rows
     * @throws IllegalStateException when a worker does not answer in time
     */
    public static List<ConnectionRow> collect(Engine engine, long nowNanos) {
        List<ConnectionRow> rows = new ArrayList<>();
        if (!engine.isStarted()) {
            for (Worker w : engine.workers()) {
                copy(w.index(), w.table(), nowNanos, rows);
            }
            return rows;
        }
        List<CompletableFuture<List<ConnectionRow>>> answers = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        for (Worker w : engine.workers()) {
            CompletableFuture<List<ConnectionRow>> answer = new CompletableFuture<>();
            answers.add(answer);
            int index = w.index();
            while (!w.offer((worker, now) -> {
                List<ConnectionRow> own = new ArrayList<>();
                copy(index, worker.table(), now, own);
                answer.complete(own);
            })) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(w.roleName() + ": command queue full; try again");
                }
                Thread.onSpinWait();
            }
        }
        try {
            for (CompletableFuture<List<ConnectionRow>> a : answers) {
                rows.addAll(a.get(WAIT_MILLIS, TimeUnit.MILLISECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing connections", e);
        } catch (Exception e) {
            throw new IllegalStateException("a worker did not list its connections in time", e);
        }
        return rows;
    }

    private static void copy(int worker, ConnectionTable table, long nowNanos, List<ConnectionRow> out) {
        for (int id = table.nextLive(0); id != ConnectionTable.MISSING; id = table.nextLive(id + 1)) {
            int family = table.family(id);
            long left = table.deadlineNanos(id) - nowNanos;
            out.add(new ConnectionRow(worker, table.protocol(id),
                    address(family, table, id, 0), table.clientPort(id),
                    address(family, table, id, 1), table.virtualPort(id),
                    address(family, table, id, 2), table.destinationPort(id),
                    table.stateName(id), Math.max(0, left / 1_000_000_000L), table.isTemplate(id)));
        }
    }

    private static IpAddress address(int family, ConnectionTable t, int id, int which) {
        int[] w = new int[4];
        for (int i = 0; i < (family == AddressFamily.IPV6 ? 4 : 1); i++) {
            w[i] = switch (which) {
                case 0 -> t.clientAddressWord(id, i);
                case 1 -> t.virtualAddressWord(id, i);
                default -> t.destinationAddressWord(id, i);
            };
        }
        return new IpAddress(family, w[0], w[1], w[2], w[3]);
    }
}
