package io.jvs.plugins.ipvs;

import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import org.pf4j.Extension;

/**
 * Creates {@link SourceHashingScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_sh},
 * with the IPVS scheduler flags {@value #FALLBACK_FLAG} and {@value #PORT_FLAG}.
 */
@Extension
public final class SourceHashingSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "sh";

    /** Flag: when the hashed destination is not eligible, look for another one (IPVS {@code sh-fallback}). */
    public static final String FALLBACK_FLAG = "sh-fallback";

    /** Flag: hash the source port as well as the address (IPVS {@code sh-port}). */
    public static final String PORT_FLAG = "sh-port";

    /** Parameter: the table has {@code 2^sh-table-bits} buckets. */
    public static final String TABLE_BITS = "sh-table-bits";

    /** The kernel's default {@code CONFIG_IP_VS_SH_TAB_BITS}: 256 buckets. */
    public static final int TABLE_BITS_DEFAULT = 8;

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public SourceHashingSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "source hashing: a static 256-bucket table indexed by a hash of the client address (IPVS sh)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.flag(FALLBACK_FLAG,
                        "when the hashed destination is unavailable, overloaded or quiescent, choose another one"
                                + " from the table instead of refusing the connection"),
                ParameterSpec.flag(PORT_FLAG,
                        "hash the source port (TCP, UDP, SCTP) as well as the address: spreads the connections"
                                + " of one client, loses per-client affinity"),
                ParameterSpec.integer(TABLE_BITS, TABLE_BITS_DEFAULT, 4, 20,
                        "log2 of the number of buckets (kernel CONFIG_IP_VS_SH_TAB_BITS, default 8 = 256);"
                                + " more buckets follow the weights more closely when they do not divide 256"));
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new SourceHashingScheduler(context.service(), context.parameters().getInt(TABLE_BITS),
                context.parameters().getBoolean(FALLBACK_FLAG), context.parameters().getBoolean(PORT_FLAG));
    }
}
