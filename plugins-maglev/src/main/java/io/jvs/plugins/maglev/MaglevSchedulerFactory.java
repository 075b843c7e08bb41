package io.jvs.plugins.maglev;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.SchedulerParameters;
import java.util.List;
import org.pf4j.Extension;

/**
 * Creates {@link MaglevScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_mh}.
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #TABLE_SIZE}</td><td>65537</td><td>M, a prime; keep {@code M >= 100 N}</td></tr>
 *   <tr><td>{@value #HASH_FIELDS}</td><td>source-ip</td><td>source-ip, source-ip-port or 5-tuple</td></tr>
 *   <tr><td>{@value #PORT_FLAG}</td><td>false</td><td>hash the source port too (IPVS flag)</td></tr>
 *   <tr><td>{@value #FALLBACK_FLAG}</td><td>false</td><td>walk on when the owner is ineligible (IPVS flag)</td></tr>
 * </table>
 */
@Extension
public final class MaglevSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "mh";
    /** Parameter: the table size M. */
    public static final String TABLE_SIZE = "table-size";
    /** Parameter: which packet fields are hashed. */
    public static final String HASH_FIELDS = "hash-fields";
    /** Flag: hash the source port too (IPVS {@code IP_VS_SVC_F_SCHED_MH_PORT}). */
    public static final String PORT_FLAG = "mh-port";
    /** Flag: fall back to another destination when the chosen one is ineligible (IPVS {@code IP_VS_SVC_F_SCHED_MH_FALLBACK}). */
    public static final String FALLBACK_FLAG = "mh-fallback";

    /** The largest table size accepted: the largest prime below 2^24 (64 MiB of table). */
    public static final int MAX_TABLE_SIZE = 16_777_213;
    /** The smallest table size accepted. */
    public static final int MIN_TABLE_SIZE = 7;

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public MaglevSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Maglev consistent hashing: the same destination for a flow on every instance, minimal disruption (IPVS mh)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer(TABLE_SIZE, MaglevTable.DEFAULT_SIZE, MIN_TABLE_SIZE, MAX_TABLE_SIZE,
                        "lookup table size M, a prime; shares stay within about 1% of the weights when M >= 100 x destinations."
                                + " Larger tables balance and survive changes better but cost 4 bytes per slot and longer rebuilds"),
                ParameterSpec.choice(HASH_FIELDS, HashFields.SOURCE_IP.parameterValue(), HashFields.parameterValues(),
                        "packet fields hashed: source-ip keeps a client on one destination (IPVS mh), source-ip-port and"
                                + " 5-tuple spread a client's connections"),
                ParameterSpec.flag(PORT_FLAG, "hash the source port too (IPVS mh-port); turns source-ip into source-ip-port"),
                ParameterSpec.flag(FALLBACK_FLAG,
                        "when the chosen destination is unavailable or overloaded, walk the table to the next eligible one"
                                + " instead of refusing the connection (IPVS mh-fallback)"));
    }

    @Override
    public Scheduler create(SchedulerContext context) throws InvalidParameterException {
        SchedulerParameters parameters = context.parameters();
        int tableSize = parameters.getInt(TABLE_SIZE);
        if (!MaglevTable.isPrime(tableSize)) {
            throw new InvalidParameterException(TABLE_SIZE, "must be a prime number, e.g. "
                    + MaglevTable.primeAtMost(tableSize) + " or " + MaglevTable.primeAtLeast(tableSize) + "; got " + tableSize);
        }
        HashFields fields;
        try {
            fields = HashFields.fromParameterValue(parameters.getString(HASH_FIELDS));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(HASH_FIELDS, e.getMessage());
        }
        if (parameters.getBoolean(PORT_FLAG)) {
            fields = fields.withSourcePort();
        }
        return new MaglevScheduler(context.service(), tableSize, fields, parameters.getBoolean(FALLBACK_FLAG),
                context.metrics());
    }
}
