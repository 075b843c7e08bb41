package io.jvs.testplugins;

import org.pf4j.Plugin;

/** A PF4J {@code Plugin-Class} whose start hook throws. */
public final class FailingStartPlugin extends Plugin {

    /** Creates the plugin. */
    public FailingStartPlugin() {
    }

    @Override
    public void start() {
        throw new IllegalStateException("boom in start");
    }
}
