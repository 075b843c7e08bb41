package io.jvs.bench.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The design the proxy data plane did not choose, kept to measure it against: a TCP relay with
 * blocking sockets and two virtual threads per connection (one per direction), round robin over the
 * destinations, half-close passed on. No connection table, no scheduler, no timeouts: it is the
 * cheapest a virtual-thread relay can be, so a gap to the NIO event loops is the design's, not the
 * extras'. Used by {@code framework/bench/e2e/proxy-vs-haproxy.sh} when {@code WITH_VIRTUAL_THREADS=1}.
 *
 * <pre>  java -cp ... io.jvs.bench.proxy.VirtualThreadRelay LISTEN_PORT DEST_PORT [DEST_PORT ...]   (127.0.0.1)</pre>
 */
public final class VirtualThreadRelay {

    private static final int BUFFER_BYTES = 16 * 1024;

    private VirtualThreadRelay() {
    }

    /**
     * Relays until killed.
     *
     * @param args the listening port, then the destination ports
     * @throws IOException when the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<InetSocketAddress> destinations = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            destinations.add(new InetSocketAddress(loopback, Integer.parseInt(args[i])));
        }
        AtomicInteger next = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 4096, loopback)) {
            System.out.println("virtual-thread relay listening on 127.0.0.1:" + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket client = server.accept();
                InetSocketAddress d = destinations.get(Math.floorMod(next.getAndIncrement(), destinations.size()));
                Thread.ofVirtual().start(() -> relay(client, d));
            }
        }
    }

    private static void relay(Socket client, InetSocketAddress destination) {
        try {
            client.setTcpNoDelay(true);
            Socket backend = new Socket();
            backend.setTcpNoDelay(true);
            backend.connect(destination, 3000);
            Thread up = Thread.ofVirtual().start(() -> copy(client, backend));
            copy(backend, client);
            up.join();
            backend.close();
            client.close();
        } catch (IOException | InterruptedException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // Nothing left to do.
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // Nothing left to do.
            }
        }
    }
}
