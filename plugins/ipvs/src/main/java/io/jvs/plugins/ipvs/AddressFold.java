package io.jvs.plugins.ipvs;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.PacketView;

/**
 * Folds an address to the 32-bit value the IPVS hashing schedulers ({@code sh}, {@code dh},
 * {@code lblc}, {@code lblcr}) hash: the IPv4 address itself, or the XOR of the four words of an
 * IPv6 address ({@code addr_fold} in {@code ip_vs_sh.c} and its siblings). The value is in host
 * order, as after the kernel's {@code ntohl}: the address words of the views already are.
 */
final class AddressFold {

    private AddressFold() {
    }

    /**
     * Folds the packet's source address.
     *
     * @param packet the packet
     * @return the folded address
     */
    static int source(PacketView packet) {
        int fold = packet.sourceAddressWord(0);
        if (packet.family() == AddressFamily.IPV6) {
            fold ^= packet.sourceAddressWord(1) ^ packet.sourceAddressWord(2) ^ packet.sourceAddressWord(3);
        }
        return fold;
    }

    /**
     * Folds the packet's destination address.
     *
     * @param packet the packet
     * @return the folded address
     */
    static int destination(PacketView packet) {
        int fold = packet.destinationAddressWord(0);
        if (packet.family() == AddressFamily.IPV6) {
            fold ^= packet.destinationAddressWord(1) ^ packet.destinationAddressWord(2)
                    ^ packet.destinationAddressWord(3);
        }
        return fold;
    }
}
