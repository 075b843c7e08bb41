package io.jvs.server.plugin;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.SchedulerParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the parameters a service sets for its scheduler against what the scheduler declared
 * ({@link io.jvs.spi.SchedulerFactory#parameters()}), converts them to their types and fills in
 * defaults. Runs on the control plane, before anything is applied.
 *
 * <p>Refused, each with a message naming the parameter: an unknown name, a value of the wrong type
 * ({@code INTEGER}: decimal 64-bit; {@code BOOLEAN}: {@code true} or {@code false}), an integer out
 * of its range, a word that is not one of a {@code CHOICE}'s choices, a required parameter (no
 * default) left unset, and a {@code null} value.
 */
public final class ParameterValidator {

    private ParameterValidator() {
    }

    /**
     * Validates one service's parameters.
     *
     * @param specs what the scheduler declared
     * @param values what the service sets, as text (from YAML or the admin endpoint); may be empty
     * @return every declared parameter with its typed value, in declaration order
     * @throws InvalidParameterException when anything is wrong; with one problem the exception names
     *     its parameter, with several it lists them all
     */
    public static SchedulerParameters validate(List<ParameterSpec> specs, Map<String, String> values)
            throws InvalidParameterException {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        List<InvalidParameterException> problems = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add(new InvalidParameterException(name, byName.isEmpty()
                        ? "unknown parameter; this scheduler takes no parameters"
                        : "unknown parameter; this scheduler takes: " + String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            boolean set = values.containsKey(spec.name());
            String raw = set ? values.get(spec.name()) : spec.defaultValue();
            if (set && raw == null) {
                problems.add(new InvalidParameterException(spec.name(), "has no value"));
                continue;
            }
            if (raw == null) {
                problems.add(new InvalidParameterException(spec.name(), "is required (it has no default): "
                        + spec.description()));
                continue;
            }
            try {
                Object value = convert(spec, raw);
                typed.put(spec.name(), value);
                text.put(spec.name(), value.toString());
            } catch (InvalidParameterException e) {
                problems.add(set ? e : new InvalidParameterException(spec.name(),
                        "the scheduler's own default is invalid: " + e.getMessage()));
            }
        }
        if (problems.size() == 1) {
            throw problems.getFirst();
        }
        if (!problems.isEmpty()) {
            List<String> messages = new ArrayList<>();
            for (InvalidParameterException problem : problems) {
                messages.add(problem.getMessage());
            }
            throw new InvalidParameterException(null, problems.size() + " invalid parameters: "
                    + String.join("; ", messages));
        }
        return new ValidatedParameters(typed, text);
    }

    /**
     * Checks a scheduler's declarations themselves, when its plugin is loaded: names unique and
     * every default valid for its own type and range.
     *
     * @param specs what the scheduler declared
     * @throws IllegalArgumentException naming the first faulty declaration
     */
    public static void checkDeclarations(List<ParameterSpec> specs) {
        Set<String> names = new HashSet<>();
        for (ParameterSpec spec : specs) {
            if (spec == null) {
                throw new IllegalArgumentException("a parameter declaration is null");
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("parameter " + spec.name() + " is declared twice");
            }
            if (spec.defaultValue() != null) {
                try {
                    convert(spec, spec.defaultValue());
                } catch (InvalidParameterException e) {
                    throw new IllegalArgumentException("invalid default: " + e.getMessage(), e);
                }
            }
        }
    }

    private static Object convert(ParameterSpec spec, String raw) throws InvalidParameterException {
        return switch (spec.type()) {
            case INTEGER -> integer(spec, raw);
            case BOOLEAN -> bool(spec, raw);
            case CHOICE -> choice(spec, raw);
            case STRING -> raw;
        };
    }

    private static Long integer(ParameterSpec spec, String raw) throws InvalidParameterException {
        long value;
        try {
            value = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(spec.name(), "must be an integer, got '" + raw + "'");
        }
        if (value < spec.min() || value > spec.max()) {
            throw new InvalidParameterException(spec.name(),
                    "must be between " + spec.min() + " and " + spec.max() + ", got " + value);
        }
        return value;
    }

    private static Boolean bool(ParameterSpec spec, String raw) throws InvalidParameterException {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidParameterException(spec.name(), "must be true or false, got '" + raw + "'");
        };
    }

    private static String choice(ParameterSpec spec, String raw) throws InvalidParameterException {
        String word = raw.strip();
        if (!spec.choices().contains(word)) {
            throw new InvalidParameterException(spec.name(),
                    "must be one of " + String.join(", ", spec.choices()) + "; got '" + raw + "'");
        }
        return word;
    }
}
