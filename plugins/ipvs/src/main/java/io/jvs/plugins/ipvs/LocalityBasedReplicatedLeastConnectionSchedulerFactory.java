package io.jvs.plugins.ipvs;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import java.util.List;
import org.pf4j.Extension;

/**
 * Creates {@link LocalityBasedReplicatedLeastConnectionScheduler}s under the name {@value #NAME}, as
 * IPVS's {@code ip_vs_lblcr}.
 */
@Extension
public final class LocalityBasedReplicatedLeastConnectionSchedulerFactory implements SchedulerFactory {

    /** The scheduler's name in configuration and listings. */
    public static final String NAME = "lblcr";

    /**
     * Parameter: seconds after which an unused entry is forgotten and an unchanged set loses a member
     * (the kernel's {@code lblcr_expiration} sysctl).
     */
    public static final String EXPIRATION = "lblcr-expiration";

    /** The kernel's {@code DEFAULT_EXPIRATION}: 24 hours, in seconds. */
    public static final long EXPIRATION_DEFAULT = 24 * 60 * 60;

    /** Parameter: the number of table entries, a power of two. */
    public static final String TABLE_SIZE = "lblcr-table-size";

    /** The kernel's trimming threshold {@code IP_VS_LBLCR_TAB_SIZE * 16}: 16384 entries. */
    public static final long TABLE_SIZE_DEFAULT = LocalityTable.DEFAULT_ENTRIES;

    /** Creates the factory; the server does so once, when it loads the plugin. */
    public LocalityBasedReplicatedLeastConnectionSchedulerFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "locality-based least connection with replication: each destination address maps to a set of"
                + " servers that grows under load and shrinks when idle (IPVS lblcr)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer(EXPIRATION, EXPIRATION_DEFAULT, 1, Integer.MAX_VALUE / 2,
                        "seconds after which an address not seen is forgotten, and after which a set that has"
                                + " not changed drops its most loaded member (kernel sysctl lblcr_expiration,"
                                + " default 86400 = one day)"),
                LocalityTable.sizeParameter(TABLE_SIZE));
    }

    @Override
    public Scheduler create(SchedulerContext context) throws InvalidParameterException {
        return new LocalityBasedReplicatedLeastConnectionScheduler(context.service(),
                LocalityTable.entries(context.parameters(), TABLE_SIZE),
                context.parameters().getInt(EXPIRATION));
    }
}
