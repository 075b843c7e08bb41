/**
 * Replaying captures through the engine with the capture's own clock
 * ({@link io.jvs.server.replay.CaptureReplay}), the per-connection decision table, and the generator
 * of the sample capture.
 */
package io.jvs.server.replay;
