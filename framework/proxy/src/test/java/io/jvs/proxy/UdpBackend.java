package io.jvs.proxy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A UDP destination for tests: answers every datagram with {@code name:} and the datagram; keeps what it got. */
final class UdpBackend implements AutoCloseable {

    final String name;
    private final DatagramSocket socket;
    private final Queue<byte[]> received = new ConcurrentLinkedQueue<>();
    private final Queue<InetSocketAddress> senders = new ConcurrentLinkedQueue<>();

    UdpBackend(String name) throws IOException {
        this.name = name;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    List<byte[]> received() {
        return List.copyOf(received);
    }

    List<InetSocketAddress> senders() {
        return List.copyOf(senders);
    }

    private void serve() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] got = Arrays.copyOf(p.getData(), p.getLength());
                received.add(got);
                senders.add((InetSocketAddress) p.getSocketAddress());
                byte[] prefix = (name + ":").getBytes(StandardCharsets.US_ASCII);
                byte[] answer = Arrays.copyOf(prefix, prefix.length + got.length);
                System.arraycopy(got, 0, answer, prefix.length, got.length);
                socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
