package io.jvs.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Blocking test clients with read timeouts, so that a hanging proxy fails a test instead of stalling it. */
final class Clients {

    /** Longest a test client waits for a byte, milliseconds. */
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private Clients() {
    }

    static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        s.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MILLIS);
        return s;
    }

    /** Reads one line (without the newline); {@code null} at end of stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** Connects, reads the destination's greeting (its name), closes. */
    static String nameOf(String host, int port) throws IOException {
        try (Socket s = connect(host, port)) {
            return readLine(s.getInputStream());
        }
    }

    /** Reads until the end of stream. */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
