package io.jvs.server.admin;

import io.jvs.engine.eviction.EvictionDispatcher;
import io.jvs.server.plugin.PluginReport;
import io.jvs.spi.EvictionReason;
import java.util.List;

/** jvs's own files under {@code /proc/jvs}: the plugins and the eviction counts. */
public final class ProcJvsFiles {

    private ProcJvsFiles() {
    }

    /**
     * {@code /proc/jvs/plugins}: one line per plugin jar: id, version, status, schedulers, jar, and
     * the reason of a plugin that was not loaded.
     *
     * @param reports the reports
     * @return the file's text
     */
    public static String plugins(List<PluginReport> reports) {
        StringBuilder out = new StringBuilder("Plugin                         Version          Status       Schedulers           Jar\n");
        for (PluginReport r : reports) {
            out.append(KernelText.left(r.pluginId() == null ? "-" : r.pluginId(), 30)).append(' ')
                    .append(KernelText.left(r.version() == null ? "-" : r.version(), 16)).append(' ')
                    .append(KernelText.left(r.status().name(), 12)).append(' ')
                    .append(KernelText.left(r.schedulers().isEmpty() ? "-" : String.join(",", r.schedulers()), 20))
                    .append(' ').append(r.jar() == null ? "-" : r.jar().getFileName());
            String message = r.message();
            if (message != null && !message.isEmpty()) {
                out.append("  # ").append(message.replace('\n', ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * {@code /proc/jvs/evictions}: the count of each eviction reason, then the total and the failures
     * of scheduler eviction hooks.
     *
     * @param evictions the dispatcher
     * @return the file's text
     */
    public static String evictions(EvictionDispatcher evictions) {
        StringBuilder out = new StringBuilder("Reason           Count\n");
        for (EvictionReason reason : EvictionReason.values()) {
            out.append(KernelText.left(reason.name(), 16)).append(' ').append(evictions.count(reason)).append('\n');
        }
        out.append(KernelText.left("total", 16)).append(' ').append(evictions.total()).append('\n');
        out.append(KernelText.left("scheduler-errors", 16)).append(' ').append(evictions.schedulerFailures())
                .append('\n');
        return out.toString();
    }

    /**
     * {@code /proc/jvs/services}: one line per service: its id (the {@code ID} of
     * {@code /proc/jvs/services/ID/scheduler}), name, scheduler, and whether the scheduler has a
     * parameter file.
     *
     * @param services the services
     * @return the file's text
     */
    public static String services(List<io.jvs.engine.service.VirtualService> services) {
        StringBuilder out = new StringBuilder("Id     Service                                      Scheduler        ParamFile\n");
        for (io.jvs.engine.service.VirtualService s : services) {
            out.append(KernelText.left(Integer.toString(s.id()), 6)).append(' ')
                    .append(KernelText.left(s.key().name(), 44)).append(' ')
                    .append(KernelText.left(s.spec().scheduler(), 16)).append(' ')
                    .append(s.scheduler().parameterText() == null ? "no" : "yes").append('\n');
        }
        return out.toString();
    }
}
