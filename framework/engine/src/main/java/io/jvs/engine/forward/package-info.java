/**
 * The forwarding layer: pure, allocation-free operations that rewrite a parsed packet in place (or
 * into its headroom) for each IPVS forwarding method, keeping every checksum right, and return a
 * {@link io.jvs.engine.forward.ForwardResult} code. They never throw for a packet that {@link
 * io.jvs.engine.packet.PacketParser} accepted; any code but {@code OK} leaves the packet as it was.
 *
 * <p>How the pipeline uses them, after parsing and the connection lookup (C client, V virtual
 * service, R real server, L local address of jvs; MACs from the neighbour table):
 *
 * <pre>
 * NAT      C-&gt;V   AddressRewriter.rewriteDestination(p, R, rport)               then EthernetRewriter
 *          R-&gt;C   AddressRewriter.rewriteSource(p, V, vport)                    then EthernetRewriter
 * FULLNAT  C-&gt;V   AddressRewriter.rewriteSourceAndDestination(p, L, lport, R, rport)
 *          R-&gt;L   AddressRewriter.rewriteSourceAndDestination(p, V, vport, C, cport)
 * DR       C-&gt;V   AddressRewriter.decrementTtl(p)                               then EthernetRewriter
 * TUN      C-&gt;V   AddressRewriter.decrementTtl(p) first (a GUE UDP checksum covers the inner packet),
 *                 TunnelEncapsulator.encapsulate(p, headroom, settings, R),
 *                 then EthernetRewriter.setAddresses(segment, encapsulator.frameOffset(), ...)
 *                 on TOO_BIG: IcmpTooBigResponder.respond(p, tailroom, encapsulator.innerMtu()), send back
 * ICMP errors     IcmpErrorTranslator.natFromRealServer / natFromClient / fullNatFromRealServer / fullNatFromClient
 * </pre>
 *
 * <p>The {@link io.jvs.engine.packet.ParsedPacket} is used for its layout (offsets, family, protocol,
 * fragment state), which these operations do not move; its tuple describes the packet as parsed.
 * After {@link io.jvs.engine.forward.TunnelEncapsulator#encapsulate} the frame starts at {@link
 * io.jvs.engine.forward.TunnelEncapsulator#frameOffset()}; after {@link
 * io.jvs.engine.forward.IcmpTooBigResponder#respond} it has a new length.
 */
package io.jvs.engine.forward;
