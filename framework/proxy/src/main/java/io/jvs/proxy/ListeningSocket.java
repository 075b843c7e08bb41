package io.jvs.proxy;

import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;

/**
 * One event loop's socket for one service: a listening TCP socket or a bound UDP socket on the
 * virtual address and port. Every loop has its own, bound with {@code SO_REUSEPORT}, so that the
 * kernel spreads new connections (and UDP clients, by their address) over the loops.
 */
final class ListeningSocket {

    final ProxiedService service;
    final SelectableChannel channel;
    SelectionKey key;

    ListeningSocket(ProxiedService service, SelectableChannel channel) {
        this.service = service;
        this.channel = channel;
    }

    boolean isTcp() {
        return channel instanceof ServerSocketChannel;
    }

    ServerSocketChannel tcp() {
        return (ServerSocketChannel) channel;
    }

    DatagramChannel udp() {
        return (DatagramChannel) channel;
    }
}
