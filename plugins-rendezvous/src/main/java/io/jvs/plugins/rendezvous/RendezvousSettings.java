package io.jvs.plugins.rendezvous;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.SchedulerParameters;

/**
 * The validated settings of one {@code glb} scheduler, read from its parameters.
 *
 * @param tableBits the table has {@code 2^tableBits} rows
 * @param hops the destinations kept per row, at least 2
 * @param hashKey the 16-byte SipHash key of the packet hash (GLB's {@code hash_key})
 * @param seed the 16-byte SipHash key of the table (GLB's {@code seed})
 * @param hashFields the packet fields hashed, a bit set of {@link PacketHash#parseFields}
 * @param hashDestinationPort whether the table hashes destination ports after addresses
 * @param states the initial destination states
 * @param scoring how the table scores (row, destination) pairs
 */
record RendezvousSettings(int tableBits, int hops, byte[] hashKey, byte[] seed, int hashFields,
        boolean hashDestinationPort, DestinationStates states, RendezvousOrder.Scoring scoring) {

    /**
     * Reads and checks the parameters of {@link RendezvousSchedulerFactory#parameters()}.
     *
     * @param parameters the parameters, with defaults filled in
     * @return the settings
     * @throws InvalidParameterException for a key that is not 32 hexadecimal digits, bad hash fields
     *     or bad states
     */
    static RendezvousSettings of(SchedulerParameters parameters) throws InvalidParameterException {
        return new RendezvousSettings(parameters.getInt(RendezvousSchedulerFactory.TABLE_BITS),
                parameters.getInt(RendezvousSchedulerFactory.HOPS),
                hexKey(RendezvousSchedulerFactory.HASH_KEY, parameters.getString(RendezvousSchedulerFactory.HASH_KEY)),
                hexKey(RendezvousSchedulerFactory.SEED, parameters.getString(RendezvousSchedulerFactory.SEED)),
                PacketHash.parseFields(RendezvousSchedulerFactory.HASH_FIELDS,
                        parameters.getString(RendezvousSchedulerFactory.HASH_FIELDS)),
                parameters.getBoolean(RendezvousSchedulerFactory.HASH_DESTINATION_PORT),
                DestinationStates.parse(RendezvousSchedulerFactory.STATES,
                        parameters.getString(RendezvousSchedulerFactory.STATES)),
                RendezvousSchedulerFactory.TABLE_HASH_MIX.equals(
                        parameters.getString(RendezvousSchedulerFactory.TABLE_HASH))
                        ? RendezvousOrder.Scoring.MIX : RendezvousOrder.Scoring.SIPHASH);
    }

    /**
     * Decodes a key written as GLB writes it in its JSON: 32 hexadecimal digits, first byte first.
     *
     * @param parameter the parameter's name, for messages
     * @param text the digits
     * @return 16 bytes
     * @throws InvalidParameterException when the text is not 32 hexadecimal digits
     */
    static byte[] hexKey(String parameter, String text) throws InvalidParameterException {
        if (text == null || !text.matches("[0-9a-fA-F]{32}")) {
            throw new InvalidParameterException(parameter, "must be 32 hexadecimal digits (16 bytes), got '" + text
                    + "'");
        }
        byte[] key = new byte[SipHash24.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return key;
    }
}
