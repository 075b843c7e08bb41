package io.jvs.spi;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * The extension point a scheduler plugin implements: one factory per algorithm, found by PF4J
 * through {@code @Extension}, identified by a short unique {@linkplain #name() name}.
 *
 * <pre>{@code
 * @Extension
 * public final class RoundRobinSchedulerFactory implements SchedulerFactory {
 *     public String name() { return "rr"; }
 *     public String description() { return "round robin"; }
 *     public Scheduler create(SchedulerContext context) { return new RoundRobinScheduler(); }
 * }
 * }</pre>
 *
 * <p>The engine creates one {@link Scheduler} per service that names this factory. A factory must be
 * stateless and safe to call from the control-plane thread at any time.
 */
public interface SchedulerFactory extends ExtensionPoint {

    /**
     * Returns the scheduler's short name as used in configuration and by {@code jvs adm -s}: lower
     * case letters, digits and {@code -}, at most 16 characters ({@code rr}, {@code wlc}, {@code mh}).
     * Names are unique among all loaded plugins; a duplicate is refused at load time.
     *
     * @return the name
     */
    String name();

    /**
     * Returns a one-line description for listings ({@code /proc/jvs/plugins}).
     *
     * @return the description
     */
    String description();

    /**
     * Declares the parameters (and IPVS-style scheduler flags, as boolean parameters such as
     * {@code sh-fallback}) a service may set. The engine refuses unknown names, converts and checks
     * types and ranges, and fills in defaults before {@link #create} is called.
     *
     * @return the parameter specifications; empty (the default) when there are none
     */
    default List<ParameterSpec> parameters() {
        return List.of();
    }

    /**
     * Creates the scheduler instance of one service. The destinations the service already has are
     * visible in {@code context.service().destinations()}; build the initial tables here. Allocation
     * is fine here.
     *
     * @param context the service, its validated parameters and the plugin's metrics
     * @return a new scheduler instance
     * @throws InvalidParameterException when the parameters are invalid together (single values were
     *     already checked against {@link #parameters()}); the service is then not created
     */
    Scheduler create(SchedulerContext context) throws InvalidParameterException;
}
