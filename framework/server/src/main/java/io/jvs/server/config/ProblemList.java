package io.jvs.server.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found while a configuration is checked, collected so that an operator sees all of
 * them at once. Not thread-safe: one per check.
 */
final class ProblemList {

    /** Creates an empty list. */
    ProblemList() {
    }

    private final List<ConfigProblem> problems = new ArrayList<>();

    /**
     * Records a problem.
     *
     * @param location where
     * @param path the key path
     * @param message what is wrong
     */
    void add(ConfigLocation location, String path, String message) {
        problems.add(new ConfigProblem(location, path, message));
    }

    /**
     * Returns how many problems were recorded, so that a caller can tell whether reading a part
     * added any.
     *
     * @return the count
     */
    int count() {
        return problems.size();
    }

    /**
     * Throws when any problem was recorded.
     *
     * @throws ConfigException with every problem, in file order
     */
    void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt((ConfigProblem p) -> p.location().line())
                    .thenComparingInt(p -> p.location().column()));
            throw new ConfigException(sorted);
        }
    }
}
