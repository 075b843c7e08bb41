package io.jvs.plugins.ipvs;

import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import org.pf4j.Extension;

/** Creates {@link DestinationHashingScheduler}s under the name {@value #NAME}, as IPVS's {@code ip_vs_dh}. */
@Extension
public final class DestinationHashingSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "dh";

    /** Parameter: the table has {@code 2^dh-table-bits} buckets. */
    public static final String TABLE_BITS = "dh-table-bits";

    /** The kernel's default {@code CONFIG_IP_VS_DH_TAB_BITS}: 256 buckets. */
    public static final int TABLE_BITS_DEFAULT = 8;

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public DestinationHashingSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "destination hashing: a static 256-bucket table indexed by a hash of the packet's destination"
                + " address, for cache clusters (IPVS dh)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.integer(TABLE_BITS, TABLE_BITS_DEFAULT, 4, 20,
                "log2 of the number of buckets (kernel CONFIG_IP_VS_DH_TAB_BITS, default 8 = 256);"
                        + " more buckets spread more evenly when the destination count does not divide 256"));
    }

    @Override
    public Scheduler create(SchedulerContext context) {
        return new DestinationHashingScheduler(context.service(), context.parameters().getInt(TABLE_BITS));
    }
}
