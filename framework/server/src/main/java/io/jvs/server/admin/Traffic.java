package io.jvs.server.admin;

import io.jvs.engine.service.DestinationTraffic;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import java.util.Collection;

/**
 * IPVS's five traffic counters ({@code struct ip_vs_stats_user} without rates): connections,
 * packets and bytes in each direction. Used for totals and, as per-second values, for rates.
 *
 * @param connections connections scheduled
 * @param inPackets packets from clients
 * @param outPackets packets from real servers
 * @param inBytes bytes from clients (IP length)
 * @param outBytes bytes from real servers (IP length)
 */
public record Traffic(long connections, long inPackets, long outPackets, long inBytes, long outBytes) {

    /** All zero. */
    public static final Traffic ZERO = new Traffic(0, 0, 0, 0, 0);

    /**
     * Reads a destination's counters, summed over the workers.
     *
     * @param destination the destination
     * @return the counters
     */
    public static Traffic of(RealServer destination) {
        DestinationTraffic t = destination.traffic();
        return new Traffic(t.sum(DestinationTraffic.CONNECTIONS), t.sum(DestinationTraffic.PACKETS_IN),
                t.sum(DestinationTraffic.PACKETS_OUT), t.sum(DestinationTraffic.BYTES_IN),
                t.sum(DestinationTraffic.BYTES_OUT));
    }

    /**
     * Reads one worker's share of a destination's counters.
     *
     * @param destination the destination
     * @param worker the worker index
     * @return the counters
     */
    public static Traffic of(RealServer destination, int worker) {
        DestinationTraffic t = destination.traffic();
        return new Traffic(t.get(worker, DestinationTraffic.CONNECTIONS), t.get(worker, DestinationTraffic.PACKETS_IN),
                t.get(worker, DestinationTraffic.PACKETS_OUT), t.get(worker, DestinationTraffic.BYTES_IN),
                t.get(worker, DestinationTraffic.BYTES_OUT));
    }

    /**
     * Sums a service's destinations.
     *
     * @param service the service
     * @return the counters
     */
    public static Traffic of(VirtualService service) {
        Traffic sum = ZERO;
        for (RealServer d : service.destinations().asList()) {
            sum = sum.plus(of(d));
        }
        return sum;
    }

    /**
     * Sums the destinations of services.
     *
     * @param services the services
     * @return the counters
     */
    public static Traffic total(Collection<VirtualService> services) {
        Traffic sum = ZERO;
        for (VirtualService s : services) {
            sum = sum.plus(of(s));
        }
        return sum;
    }

    /**
     * Adds counters.
     *
     * @param other the other counters
     * @return the sum
     */
    public Traffic plus(Traffic other) {
        return new Traffic(connections + other.connections, inPackets + other.inPackets, outPackets + other.outPackets,
                inBytes + other.inBytes, outBytes + other.outBytes);
    }

    /**
     * Subtracts counters.
     *
     * @param other the other counters
     * @return the difference
     */
    public Traffic minus(Traffic other) {
        return new Traffic(connections - other.connections, inPackets - other.inPackets, outPackets - other.outPackets,
                inBytes - other.inBytes, outBytes - other.outBytes);
    }

    /**
     * Turns a difference over an interval into per-second rates (rounded down, never negative).
     *
     * @param intervalNanos the interval, nanoseconds, &gt; 0
     * @return the rates
     */
    public Traffic perSecond(long intervalNanos) {
        return new Traffic(rate(connections, intervalNanos), rate(inPackets, intervalNanos),
                rate(outPackets, intervalNanos), rate(inBytes, intervalNanos), rate(outBytes, intervalNanos));
    }

    private static long rate(long delta, long intervalNanos) {
        if (delta <= 0 || intervalNanos <= 0) {
            return 0;
        }
        return (long) (delta * 1e9 / intervalNanos);
    }
}
