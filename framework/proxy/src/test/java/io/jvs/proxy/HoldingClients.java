package io.jvs.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child-process clients for the concurrency test: opens {@code count} connections to a virtual
 * service, reads each destination's greeting, holds them all, prints {@code held N failed M}, and
 * closes them and exits when stdin closes.
 */
public final class HoldingClients {

    private HoldingClients() {
    }

    /**
     * Runs the clients.
     *
     * @param args host, port, count
     * @throws Exception when interrupted
     */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                jobs.add(pool.submit(() -> {
                    try {
                        Socket s = new Socket();
                        s.setSoTimeout(20_000);
                        s.connect(new InetSocketAddress(host, port), 20_000);
                        sockets.add(s);
                        if (Clients.readLine(s.getInputStream()) == null) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        }
        System.out.println("held " + (sockets.size() - failed.get()) + " failed " + failed.get());
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        for (Socket s : sockets) {
            s.close();
        }
        System.exit(0);
    }
}
