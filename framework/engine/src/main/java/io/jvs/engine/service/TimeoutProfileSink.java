package io.jvs.engine.service;

import io.jvs.engine.conn.TimeoutProfile;

/**
 * Receives the timeout profiles the service manager assigns to services with their own timeouts;
 * the engine hands them to every worker's connection table.
 */
@FunctionalInterface
public interface TimeoutProfileSink {

    /** A sink for engines without connection tables. */
    TimeoutProfileSink NONE = (id, profile) -> { };

    /**
     * Defines a profile id.
     *
     * @param id 1..255 (0 is the engine's own profile)
     * @param profile the timeouts
     */
    void define(int id, TimeoutProfile profile);
}
