/**
 * The {@code jvs} command line (picocli): {@code replay}, {@code demo}, {@code new-scheduler},
 * {@code version}; main class {@link io.jvs.server.cli.JvsCommand}, exit codes in
 * {@link io.jvs.server.cli.ExitCode}.
 */
package io.jvs.server.cli;
