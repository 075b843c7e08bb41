package io.jvs.server.plugin;

/** What became of one plugin jar when the {@link PluginHost} loaded it. */
public enum PluginStatus {
    /** Started; every extension it lists is in use. */
    LOADED,
    /** Started, but some of its extensions were refused (see the report's problems); the others are in use. */
    PARTIAL,
    /** Nothing of it is in use: the jar is unreadable or malformed, PF4J refused it, or every extension failed. */
    FAILED
}
