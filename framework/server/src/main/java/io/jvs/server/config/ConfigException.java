package io.jvs.server.config;

import java.util.List;

/**
 * Thrown when a configuration file is refused. It carries every problem found, not just the first;
 * nothing of the file was applied.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The problems, in file order. */
    private final transient List<ConfigProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems the problems, at least one
     */
    public ConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    private static String message(List<ConfigProblem> problems) {
        StringBuilder text = new StringBuilder();
        for (ConfigProblem problem : problems) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(problem);
        }
        return text.toString();
    }

    /**
     * Returns every problem found.
     *
     * @return the problems, in file order
     */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
