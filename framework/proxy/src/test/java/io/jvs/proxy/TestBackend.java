package io.jvs.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP destination for tests, one virtual thread per connection: it greets each connection with its
 * name and a newline, echoes every byte it reads, and when the client ends its stream it writes
 * {@code "bye\n"} and closes. What the last connections sent is kept ({@link #transcripts()}).
 */
final class TestBackend implements AutoCloseable {

    /** Transcripts kept at most (the oldest are dropped), so that long runs do not grow the heap. */
    static final int MAX_TRANSCRIPTS = 256;

    final String name;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Queue<Socket> open = new ConcurrentLinkedQueue<>();
    private final Queue<byte[]> transcripts = new ConcurrentLinkedQueue<>();
    final AtomicInteger accepted = new AtomicInteger();

    TestBackend(String name, String host) throws IOException {
        this.name = name;
        this.server = new ServerSocket(0, 4096, InetAddress.getByName(host));
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    List<byte[]> transcripts() {
        return List.copyOf(transcripts);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                seen.write(buf, 0, n);
                out.write(buf, 0, n);
            }
            out.write("bye\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The client or the proxy reset the connection: nothing to answer.
        } finally {
            transcripts.add(seen.toByteArray());
            if (transcripts.size() > MAX_TRANSCRIPTS) {
                transcripts.poll();
            }
            open.remove(s);
        }
    }

    /**
     * Stops listening and resets the open connections. Returns only when the port refuses new
     * connections: the socket of an accept blocked in a virtual thread is released when that thread
     * wakes up, so the accepting thread is joined.
     */
    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : open) {
            s.close();
        }
    }
}
