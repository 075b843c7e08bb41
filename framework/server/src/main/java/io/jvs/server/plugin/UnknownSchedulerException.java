package io.jvs.server.plugin;

import java.util.List;

/** Thrown when a scheduler name is not registered; the message lists the names that are. */
public final class UnknownSchedulerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The name asked for. */
    private final String name;

    /** The registered names at the time of the lookup, sorted. */
    private final List<String> knownNames;

    /**
     * Creates the exception.
     *
     * @param name the name asked for
     * @param knownNames the registered names, sorted
     */
    public UnknownSchedulerException(String name, List<String> knownNames) {
        super("unknown scheduler '" + name + "'; known schedulers: "
                + (knownNames.isEmpty() ? "(none: no scheduler plugin is loaded)" : String.join(", ", knownNames)));
        this.name = name;
        this.knownNames = List.copyOf(knownNames);
    }

    /**
     * Returns the name asked for.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the registered names at the time of the lookup.
     *
     * @return the names, sorted
     */
    public List<String> knownNames() {
        return knownNames;
    }
}
