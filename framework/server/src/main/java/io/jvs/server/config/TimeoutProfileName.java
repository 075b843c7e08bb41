package io.jvs.server.config;

import io.jvs.engine.conn.TimeoutProfile;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The built-in connection timeout profiles {@code engine.timeout-profile} may name. */
public enum TimeoutProfileName {
    /** Linux IPVS's defaults (TCP established 900 s, UDP 300 s). */
    IPVS,
    /** iQIYI DPVS's defaults: much shorter TCP timeouts (established 90 s), to shed idle state quickly. */
    DPVS;

    /**
     * Returns the name used in configuration files.
     *
     * @return {@code ipvs} or {@code dpvs}
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns every name a file may use.
     *
     * @return the names
     */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(TimeoutProfileName::configName).toList();
    }

    /**
     * Returns the engine's profile.
     *
     * @return a new profile
     */
    public TimeoutProfile profile() {
        return this == IPVS ? TimeoutProfile.ipvs() : TimeoutProfile.dpvs();
    }
}
