package io.jvs.plugins.ipvs;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import org.pf4j.Extension;

/**
 * Creates {@link LocalityBasedLeastConnectionScheduler}s under the name {@value #NAME}, as IPVS's
 * {@code ip_vs_lblc}.
 */
@Extension
public final class LocalityBasedLeastConnectionSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "lblc";

    /** Parameter: seconds after which an unused entry is forgotten (the kernel's {@code lblc_expiration} sysctl). */
    public static final String EXPIRATION = "lblc-expiration";

    /** The kernel's {@code DEFAULT_EXPIRATION}: 24 hours, in seconds. */
    public static final long EXPIRATION_DEFAULT = 24 * 60 * 60;

    /** Parameter: the number of table entries, a power of two. */
    public static final String TABLE_SIZE = "lblc-table-size";

    /** The kernel's trimming threshold {@code IP_VS_LBLC_TAB_SIZE * 16}: 16384 entries. */
    public static final long TABLE_SIZE_DEFAULT = LocalityTable.DEFAULT_ENTRIES;

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public LocalityBasedLeastConnectionSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "locality-based least connection: each destination address sticks to one server, chosen by"
                + " weighted least connection (IPVS lblc)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer(EXPIRATION, EXPIRATION_DEFAULT, 1, Integer.MAX_VALUE / 2,
                        "seconds after which an address not seen is forgotten (kernel sysctl lblc_expiration,"
                                + " default 86400 = one day); shorter forgets sooner, longer keeps more locality"),
                LocalityTable.sizeParameter(TABLE_SIZE));
    }

    @Override
    public Scheduler create(SchedulerContext context) throws InvalidParameterException {
        return new LocalityBasedLeastConnectionScheduler(context.service(),
                LocalityTable.entries(context.parameters(), TABLE_SIZE),
                context.parameters().getInt(EXPIRATION));
    }
}
