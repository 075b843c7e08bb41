/**
 * The packet engine's SYN proxy: SYN cookies (Linux's encoding, {@link io.jvs.engine.synproxy.SynCookies}),
 * delayed binding for schedulers that need payload bytes, SYN-flood protection for services with
 * {@code synproxy: true}, and the translation of sequence numbers, SACK blocks, timestamps and
 * windows between a client and the real server chosen after its handshake
 * ({@link io.jvs.engine.synproxy.SynProxy}, one per worker). Allocation-free on the packet path.
 */
package io.jvs.engine.synproxy;
