/**
 * The packet layer: flyweights over {@link java.lang.foreign.MemorySegment} for the headers jvs
 * reads and rewrites (Ethernet, VLAN, ARP, IPv4, IPv6 and its extension headers, TCP, UDP, ICMP,
 * GRE, GUE), Internet checksums (full and incremental), the bounds-checked {@link
 * io.jvs.engine.packet.PacketParser} that fills a reusable {@link io.jvs.engine.packet.ParsedPacket},
 * and a {@link io.jvs.engine.packet.PacketBuilder} that makes valid frames for tests and tools.
 *
 * <p>All multi-byte fields are big-endian (network order) on the wire and are read and written with
 * the layouts of {@link io.jvs.engine.packet.BigEndian}. Offsets are byte offsets into the segment;
 * lengths are in bytes unless a method says otherwise.
 *
 * <p><b>Flyweights are not thread-safe</b> and do no bounds checking of their own beyond the
 * segment's: the parser checks every bound before it reads, and code that writes through a
 * flyweight works on packets the parser has accepted.
 */
package io.jvs.engine.packet;
