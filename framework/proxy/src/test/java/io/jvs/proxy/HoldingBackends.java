package io.jvs.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Child-process destinations for the concurrency test, so that their sockets count against another
 * process's descriptor limit: {@code N} servers on loopback that greet each connection with their
 * name and hold it until the peer closes. Prints {@code ports p1 p2 ...}; exits when stdin closes.
 */
public final class HoldingBackends {

    private HoldingBackends() {
    }

    /**
     * Runs the servers.
     *
     * @param args the number of servers
     * @throws IOException when a server cannot bind
     */
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        StringBuilder ports = new StringBuilder("ports");
        for (int i = 0; i < n; i++) {
            ServerSocket server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
            ports.append(' ').append(server.getLocalPort());
            String name = "b" + i;
            Thread.ofVirtual().start(() -> {
                while (true) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> hold(s, name));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }
        System.out.println(ports);
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        System.exit(0);
    }

    private static void hold(Socket s, String name) {
        try (s; InputStream in = s.getInputStream()) {
            s.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The proxy closed the connection: done.
        }
    }
}
