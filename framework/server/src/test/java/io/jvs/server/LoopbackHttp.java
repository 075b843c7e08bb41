package io.jvs.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain HTTP/1.0 over a new loopback connection per request, as curl does: no connection reuse. */
public final class LoopbackHttp {

    private static final int TIMEOUT_MILLIS = 10_000;

    private LoopbackHttp() {
    }

    /**
     * Sends {@code GET /} on a new connection and returns the body.
     *
     * @param port the port on 127.0.0.1
     * @return the response body, without the head
     * @throws IOException when the connection fails or the answer has no head
     */
    public static String get(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 200 ") || body < 0) {
                throw new IOException("not a 200 answer: " + response);
            }
            return response.substring(body + 4);
        }
    }

    /**
     * Returns a loopback port that was free a moment ago.
     *
     * @return the port
     * @throws IOException when no socket can be bound
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Tells whether something accepts connections on a loopback port.
     *
     * @param port the port
     * @return {@code true} when a connection succeeds
     */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
