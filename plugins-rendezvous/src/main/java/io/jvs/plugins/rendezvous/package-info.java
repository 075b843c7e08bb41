/**
 * GLB-style rendezvous hashing as a jvs plugin (plugin id {@code jvs-rendezvous-scheduler},
 * scheduler {@code glb}), after GitHub's GLB Director: {@link
 * io.jvs.plugins.rendezvous.RendezvousSchedulerFactory} and {@link
 * io.jvs.plugins.rendezvous.RendezvousScheduler}. Package-private pieces: {@code SipHash24} (the
 * keyed hash), {@code PacketHash} (which row a packet takes), {@code RendezvousOrder} (the
 * highest-random-weight order of each row), {@code ForwardingTable} (the published rows, with
 * draining applied), {@code DestinationState}/{@code DestinationStates} (the operator's states and
 * their safe transitions) and {@code DestinationAddress} (a destination's hashed identity). See
 * {@code docs/schedulers.md}, section {@code glb}.
 */
package io.jvs.plugins.rendezvous;
