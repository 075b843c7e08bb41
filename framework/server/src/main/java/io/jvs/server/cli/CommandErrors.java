package io.jvs.server.cli;

import io.jvs.server.config.ConfigException;
import io.jvs.server.config.ConfigProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * How the {@code jvs} command reports failures: one clear line on stderr ({@code jvs: ...}), one
 * more per problem of a refused configuration, a stack trace only with {@code --verbose}, and the
 * exit codes of {@link ExitCode}.
 */
final class CommandErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    private final JvsCommand root;

    /**
     * Creates the handler.
     *
     * @param root the top-level command, whose {@code --verbose} decides about stack traces
     */
    CommandErrors(JvsCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code;
        if (e instanceof ConfigException config) {
            int n = config.problems().size();
            err.println("jvs: the configuration is refused (" + n + (n == 1 ? " problem" : " problems")
                    + "); nothing was run:");
            for (ConfigProblem problem : config.problems()) {
                err.println("  " + problem);
            }
            code = ExitCode.BAD_CONFIG;
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            err.println("jvs: " + describe(io));
            code = ExitCode.IO_ERROR;
        } else {
            err.println("jvs: " + (e.getMessage() == null ? e.toString() : e.getMessage())
                    + (root.verbose ? "" : " (run with --verbose for details)"));
            code = ExitCode.FAILURE;
        }
        if (root.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * Names the file and the failure of an I/O error in words.
     *
     * @param e the error
     * @return one line
     */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or directory"
                    + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")");
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("jvs: " + e.getMessage());
        err.println("  see '" + command.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.BAD_CONFIG;
    }
}
