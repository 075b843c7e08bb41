package io.jvs.server.plugin;

import io.jvs.spi.SchedulerParameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable result of {@link ParameterValidator#validate}: every declared parameter with a value
 * of its declared type ({@link Long}, {@link Boolean} or {@link String}).
 */
final class ValidatedParameters implements SchedulerParameters {

    private final Map<String, Object> values;
    private final Map<String, String> text;

    ValidatedParameters(Map<String, Object> values, Map<String, String> text) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.text = Collections.unmodifiableMap(new LinkedHashMap<>(text));
    }

    @Override
    public long getLong(String name) {
        return get(name, Long.class, "integer");
    }

    @Override
    public boolean getBoolean(String name) {
        return get(name, Boolean.class, "boolean");
    }

    @Override
    public String getString(String name) {
        return get(name, String.class, "text or choice");
    }

    @Override
    public Map<String, String> asText() {
        return text;
    }

    private <T> T get(String name, Class<T> type, String kind) {
        Object value = values.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("no " + kind + " parameter '" + name + "' is declared; declared: "
                    + values.keySet());
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
