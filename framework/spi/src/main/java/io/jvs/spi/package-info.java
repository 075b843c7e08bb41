/**
 * The jvs scheduler SPI: the only API a scheduler author compiles against.
 *
 * <p>A scheduler is modelled on Linux IPVS's {@code struct ip_vs_scheduler}
 * ({@code include/net/ip_vs.h}): a {@link io.jvs.spi.SchedulerFactory} is a PF4J extension with a
 * short unique {@linkplain io.jvs.spi.SchedulerFactory#name() name} ({@code rr}, {@code wlc},
 * {@code mh}, ...). For every virtual service that names it, the factory creates one
 * {@link io.jvs.spi.Scheduler} instance, which receives lifecycle hooks on the control-plane thread
 * (destination added, removed, updated, done) and one hot method,
 * {@link io.jvs.spi.Scheduler#schedule(ServiceView, PacketView, long)}, called by the packet
 * workers for every new flow.
 *
 * <p><b>The rule of the house:</b> the control plane builds, the data plane only reads. Allocate,
 * build tables and publish them (one volatile write of an immutable snapshot) in the hooks;
 * {@code schedule} hashes, indexes and compares, and never allocates, locks, reads a clock or does
 * I/O.
 *
 * <p>Everything handed to a scheduler is a read-only view: {@link io.jvs.spi.ServiceView},
 * {@link io.jvs.spi.DestinationView}, {@link io.jvs.spi.PacketView},
 * {@link io.jvs.spi.ConnectionView}. Views of packets and connections are flyweights that are valid
 * only during the call that receives them.
 */
package io.jvs.spi;
