package io.jvs.plugins.rendezvous;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import org.pf4j.Extension;

/**
 * Creates {@link RendezvousScheduler}s under the name {@value #NAME}: GLB Director's rendezvous
 * forwarding table.
 */
@Extension
public final class RendezvousSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "glb";

    /** Parameter: the table has {@code 2^glb-table-bits} rows. */
    public static final String TABLE_BITS = "glb-table-bits";
    /** GLB's table: 65,536 rows. */
    public static final int TABLE_BITS_DEFAULT = 16;

    /** Parameter: destinations kept per row (primary, secondary, ...). */
    public static final String HOPS = "glb-hops";
    /** GLB's rows: a primary and a secondary. */
    public static final int HOPS_DEFAULT = 2;
    /** The most hops: GLB's GUE private data then fills Hlen's 31 words with IPv6 hops (1 + 4 * 7 words). */
    public static final int HOPS_MAX = 8;

    /** Parameter: the SipHash key of the packet hash, 32 hexadecimal digits (GLB's {@code hash_key}). */
    public static final String HASH_KEY = "glb-hash-key";
    /** Parameter: the SipHash key of the table, 32 hexadecimal digits (GLB's {@code seed}). */
    public static final String SEED = "glb-seed";
    /** The default of both keys: public, so set your own secret ones in production. */
    public static final String KEY_DEFAULT = "000102030405060708090a0b0c0d0e0f";

    /** Parameter: the packet fields hashed. */
    public static final String HASH_FIELDS = "glb-hash-fields";
    /** GLB's default: the client address only. */
    public static final String HASH_FIELDS_DEFAULT = "src-ip";

    /** Flag: hash destination ports after their addresses when building the table. */
    public static final String HASH_DESTINATION_PORT = "glb-dest-port";

    /** Parameter: how the table scores (row, destination) pairs. */
    public static final String TABLE_HASH = "glb-table-hash";
    /** GLB's scores: a SipHash per pair, the table of glb-director-cli bit for bit. */
    public static final String TABLE_HASH_SIPHASH = "siphash";
    /** One SipHash per destination and a 64-bit mixer per pair: about ten times cheaper, not GLB's table. */
    public static final String TABLE_HASH_MIX = "mix";
    /**
     * Default {@value}: the same rendezvous properties (a destination's rows move only when it
     * changes, order of two destinations independent of the others, identical on every instance
     * with the same seed) at a build cost within the 50 ms target at N = 256; choose
     * {@code siphash} only to agree with GLB's own directors.
     */
    public static final String TABLE_HASH_DEFAULT = TABLE_HASH_MIX;

    /** Parameter: the destination states, {@code address:port=state,...}. */
    public static final String STATES = "glb-states";

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public RendezvousSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "GLB rendezvous hashing: a static 65536-row table of primary/secondary destinations"
                + " with draining and filling (GitHub GLB Director)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer(TABLE_BITS, TABLE_BITS_DEFAULT, 8, 20,
                        "log2 of the number of rows (GLB: 16 = 65536); rows * hops * 4 bytes of memory; about"
                                + " 2^bits / 256 destinations keep every primary/secondary pair represented"),
                ParameterSpec.integer(HOPS, HOPS_DEFAULT, 2, HOPS_MAX,
                        "destinations per row (GLB: 2, primary and secondary); h hops let h - 1 destinations"
                                + " drain or fill at once, at the cost of a longer GUE header"),
                ParameterSpec.text(HASH_KEY, KEY_DEFAULT,
                        "SipHash-2-4 key of the packet hash, 32 hex digits (GLB hash_key); the same on every"
                                + " director; keep it secret so that clients cannot aim at one proxy"),
                ParameterSpec.text(SEED, KEY_DEFAULT,
                        "SipHash-2-4 key of the table, 32 hex digits (GLB seed); the same on every director"),
                ParameterSpec.text(HASH_FIELDS, HASH_FIELDS_DEFAULT,
                        "packet fields hashed, comma-separated from src-ip, dst-ip, src-port, dst-port, protocol,"
                                + " or 5-tuple; src-ip (GLB's default) keeps a client on one destination"),
                ParameterSpec.flag(HASH_DESTINATION_PORT,
                        "hash each destination's port after its address when building the table (GLB hashes the"
                                + " address only; set it when destinations share an address)"),
                ParameterSpec.choice(TABLE_HASH, TABLE_HASH_DEFAULT, List.of(TABLE_HASH_SIPHASH, TABLE_HASH_MIX),
                        "mix (default): keyed rendezvous scores from one SipHash-2-4 per destination and a"
                                + " 64-bit mixer per (row, destination), about 5x cheaper to build (N=256: under"
                                + " 50 ms); siphash: GLB Director's table bit for bit (rows * N SipHashes), for"
                                + " mixed fleets of jvs and GLB directors that must agree"),
                ParameterSpec.text(STATES, "",
                        "destination states, address:port=state separated by commas; states active (default),"
                                + " draining, filling, inactive; writable at run time"));
    }

    @Override
    public Scheduler create(SchedulerContext context) throws InvalidParameterException {
        return new RendezvousScheduler(context.service(), RendezvousSettings.of(context.parameters()),
                context.metrics());
    }
}
