package io.jvs.testkit;

import io.jvs.spi.ParameterSpec;
import io.jvs.spi.SchedulerParameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scheduler parameters given directly by a test, already typed: integers as {@link Long} (or any
 * {@link Number}), flags as {@link Boolean}, text as {@link String}. Unlike the server's validator
 * it checks nothing against the factory's declarations: it is for testing {@code create} with
 * chosen values.
 *
 * <pre>{@code
 * SchedulerParameters params = FakeParameters.of(Map.of("table-size", 65537L, "sh-port", true));
 * SchedulerParameters withDefaults = FakeParameters.defaults(factory.parameters(), Map.of("sh-port", true));
 * }</pre>
 */
public final class FakeParameters implements SchedulerParameters {

    private final Map<String, Object> values;

    private FakeParameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Creates parameters from typed values.
     *
     * @param values name to value
     * @return the parameters
     */
    public static FakeParameters of(Map<String, ?> values) {
        return new FakeParameters(new LinkedHashMap<>(values));
    }

    /**
     * Returns the defaults a factory declares, typed as the server's validator types them
     * ({@code INTEGER} as {@link Long}, {@code BOOLEAN} as {@link Boolean}, the others as
     * {@link String}), with some values replaced.
     *
     * @param specs the declarations, e.g. {@code factory.parameters()}
     * @param overrides typed values that replace defaults; each must be declared
     * @return the parameters; a required parameter (no default) is present only when overridden
     * @throws IllegalArgumentException when an override names an undeclared parameter
     */
    public static FakeParameters defaults(List<ParameterSpec> specs, Map<String, ?> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            if (spec.defaultValue() != null) {
                values.put(spec.name(), switch (spec.type()) {
                    case INTEGER -> Long.parseLong(spec.defaultValue());
                    case BOOLEAN -> Boolean.parseBoolean(spec.defaultValue());
                    case STRING, CHOICE -> spec.defaultValue();
                });
            }
        }
        for (Map.Entry<String, ?> override : overrides.entrySet()) {
            if (specs.stream().noneMatch(spec -> spec.name().equals(override.getKey()))) {
                throw new IllegalArgumentException("undeclared parameter " + override.getKey() + "; declared: "
                        + specs.stream().map(ParameterSpec::name).toList());
            }
            values.put(override.getKey(), override.getValue());
        }
        return new FakeParameters(values);
    }

    /**
     * Returns the defaults a factory declares, typed as {@link #defaults(List, Map)} does.
     *
     * @param specs the declarations, e.g. {@code factory.parameters()}
     * @return the parameters
     */
    public static FakeParameters defaults(List<ParameterSpec> specs) {
        return defaults(specs, Map.of());
    }

    /**
     * Returns parameters without any value.
     *
     * @return the empty parameters
     */
    public static FakeParameters none() {
        return new FakeParameters(Map.of());
    }

    @Override
    public long getLong(String name) {
        return get(name, Number.class).longValue();
    }

    @Override
    public boolean getBoolean(String name) {
        return get(name, Boolean.class);
    }

    @Override
    public String getString(String name) {
        return get(name, String.class);
    }

    @Override
    public Map<String, String> asText() {
        Map<String, String> text = new LinkedHashMap<>();
        values.forEach((name, value) -> text.put(name, String.valueOf(value)));
        return Collections.unmodifiableMap(text);
    }

    private <T> T get(String name, Class<T> type) {
        Object value = values.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("no " + type.getSimpleName() + " parameter " + name + " in " + values);
        }
        return type.cast(value);
    }
}
