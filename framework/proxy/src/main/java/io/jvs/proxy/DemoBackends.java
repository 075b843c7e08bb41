package io.jvs.proxy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small HTTP servers on loopback for the quickstart ({@code jvs demo}): each answers every request
 * with its own name ({@code backend-1\n}, ...), so that a user sees the scheduler at work with
 * {@code curl}. HTTP/1.1 keep-alive is honoured; request bodies with {@code Content-Length} are read
 * and ignored. One virtual thread per connection.
 *
 * <pre>{@code
 * try (DemoBackends b = DemoBackends.start("127.0.0.1", 3, 0)) {
 *     b.addresses();   // where they listen
 * }
 * }</pre>
 *
 * <p>Also runnable: {@code java io.jvs.proxy.DemoBackends COUNT [HOST] [FIRST_PORT]} prints the
 * addresses and serves until stdin closes or the process is stopped.
 */
public final class DemoBackends implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final List<ServerSocket> servers;
    private final List<String> names;
    private final Queue<Socket> open = new ConcurrentLinkedQueue<>();
    private final AtomicLong requests = new AtomicLong();

    private DemoBackends(List<ServerSocket> servers, List<String> names) {
        this.servers = servers;
        this.names = names;
    }

    /**
     * Starts {@code count} servers named {@code backend-1 .. backend-count}.
     *
     * @param host the address to listen on, normally {@code 127.0.0.1}
     * @param count how many, at least 1
     * @param firstPort the first server's port (the others follow), or 0 for ports the system picks
     * @return the running servers
     * @throws IOException when a port cannot be bound (those bound are closed again)
     */
    public static DemoBackends start(String host, int count, int firstPort) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " is below 1");
        }
        List<ServerSocket> servers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                servers.add(new ServerSocket(firstPort == 0 ? 0 : firstPort + i, 1024, InetAddress.getByName(host)));
                names.add("backend-" + (i + 1));
            }
        } catch (IOException e) {
            for (ServerSocket s : servers) {
                s.close();
            }
            throw e;
        }
        DemoBackends b = new DemoBackends(List.copyOf(servers), List.copyOf(names));
        for (int i = 0; i < count; i++) {
            ServerSocket server = servers.get(i);
            String name = names.get(i);
            Thread.ofVirtual().name("demo-" + name).start(() -> b.acceptLoop(server, name));
        }
        return b;
    }

    /** Returns where the servers listen, in name order. @return the addresses */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (ServerSocket s : servers) {
            out.add(new InetSocketAddress(s.getInetAddress(), s.getLocalPort()));
        }
        return out;
    }

    /** Returns the servers' names: {@code backend-1 .. backend-N}. @return the names */
    public List<String> names() {
        return names;
    }

    /** Returns how many requests were answered, all servers together. @return the count */
    public long requests() {
        return requests.get();
    }

    private void acceptLoop(ServerSocket server, String name) {
        byte[] body = (name + "\n").getBytes(StandardCharsets.US_ASCII);
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s, body));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, byte[] body) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String lower = head.toLowerCase(Locale.ROOT);
                skipBody(in, lower);
                boolean http10 = lower.lines().findFirst().orElse("").endsWith("http/1.0");
                boolean close = lower.contains("\nconnection: close") || (http10 && !lower.contains("keep-alive"));
                String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                requests.incrementAndGet();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away.
        } finally {
            open.remove(s);
        }
    }

    /** Reads a request head up to the empty line; {@code null} at end of stream or when too long. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            int n = b.length();
            if (n >= 4 && b.charAt(n - 1) == '\n' && b.charAt(n - 2) == '\r' && b.charAt(n - 3) == '\n'
                    && b.charAt(n - 4) == '\r') {
                return b.toString();
            }
            if (n > MAX_HEAD_BYTES) {
                return null;
            }
        }
        return null;
    }

    private static void skipBody(InputStream in, String lowerHead) throws IOException {
        int at = lowerHead.indexOf("\ncontent-length:");
        if (at < 0) {
            return;
        }
        int end = lowerHead.indexOf('\r', at + 16);
        long length = Long.parseLong(lowerHead.substring(at + 16, end).strip());
        in.skipNBytes(length);
    }

    /** Stops the servers and closes their connections. */
    @Override
    public void close() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
        for (Socket s : open) {
            s.close();
        }
    }

    /**
     * Runs demo servers until stdin closes.
     *
     * @param args COUNT [HOST] [FIRST_PORT]
     * @throws IOException when a port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DemoBackends COUNT [HOST] [FIRST_PORT]");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int first = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        try (DemoBackends b = start(host, count, first)) {
            for (int i = 0; i < count; i++) {
                System.out.println(b.names().get(i) + " " + b.addresses().get(i).getAddress().getHostAddress() + ":"
                        + b.addresses().get(i).getPort());
            }
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
