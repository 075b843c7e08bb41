package io.jvs.server.cli;

/**
 * The exit codes of the {@code jvs} command, for scripts.
 *
 * <table>
 * <caption>exit codes</caption>
 * <tr><th>code</th><th>meaning</th></tr>
 * <tr><td>0</td><td>done</td></tr>
 * <tr><td>1</td><td>any other failure (a bug, a plugin that throws, ...)</td></tr>
 * <tr><td>2</td><td>bad configuration or bad command line: nothing was run</td></tr>
 * <tr><td>3</td><td>a file could not be read or written (configuration, capture, plugins directory)</td></tr>
 * </table>
 */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** Any other failure. */
    public static final int FAILURE = 1;
    /** The configuration file or the command line was refused; nothing was run. */
    public static final int BAD_CONFIG = 2;
    /** A file could not be read or written. */
    public static final int IO_ERROR = 3;

    private ExitCode() {
    }
}
