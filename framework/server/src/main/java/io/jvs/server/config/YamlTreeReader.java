package io.jvs.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into a {@link YamlNode} tree that records the line and column of every
 * key and value. It drives Jackson's streaming {@link YAMLParser} and takes each node's location
 * from {@link YAMLParser#currentTokenLocation()}, so that later checks of values (ranges, names,
 * duplicates) can point at the exact place in the file.
 *
 * <p>Refused, with their location: YAML syntax errors, a key given twice in one mapping (YAML
 * forbids it; most parsers silently keep the last), and a second document in the file. All
 * duplicate keys are reported, a syntax error ends the reading.
 */
public final class YamlTreeReader {

    /** Nesting deeper than this is refused: no jvs configuration comes near it. */
    public static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private YAMLParser parser;

    private YamlTreeReader(String file) {
        this.file = file;
    }

    /**
     * Parses a document.
     *
     * @param text the YAML text
     * @param file the file name to put in locations
     * @return the root node; an empty document is an empty mapping
     * @throws ConfigException on a syntax error, a duplicate key or a second document, with every
     *     problem found up to the point where reading stopped
     */
    public static YamlNode read(String text, String file) throws ConfigException {
        return new YamlTreeReader(file).readDocument(text);
    }

    private YamlNode readDocument(String text) throws ConfigException {
        YamlNode root;
        try (YAMLParser p = FACTORY.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                root = YamlMapping.empty(new ConfigLocation(file, 1, 1));
            } else {
                root = readValue(first, "", 1);
                JsonToken next = p.nextToken();
                if (next != null) {
                    problems.add(new ConfigProblem(here(), "",
                            "a second YAML document ('---') is not allowed: put everything in one document"));
                }
            }
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            ConfigLocation location = at == null ? new ConfigLocation(file, 1, 1)
                    : new ConfigLocation(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
            problems.add(new ConfigProblem(location, "", "invalid YAML: " + firstLine(e.getOriginalMessage())));
            throw new ConfigException(problems);
        } catch (IOException e) {
            problems.add(new ConfigProblem(parser == null ? new ConfigLocation(file, 1, 1) : here(), "",
                    "cannot read: " + e.getMessage()));
            throw new ConfigException(problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return root;
    }

    private YamlNode readValue(JsonToken token, String path, int depth) throws IOException {
        ConfigLocation location = here();
        if (depth > MAX_DEPTH) {
            throw new IOException("values nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (token) {
            case START_OBJECT -> readMapping(location, path, depth);
            case START_ARRAY -> readSequence(location, path, depth);
            case VALUE_STRING -> new YamlScalar(YamlScalar.Type.STRING, parser.getText(), null, location);
            case VALUE_NUMBER_INT ->
                new YamlScalar(YamlScalar.Type.INTEGER, parser.getText(), parser.getBigIntegerValue(), location);
            case VALUE_NUMBER_FLOAT -> new YamlScalar(YamlScalar.Type.FLOAT, parser.getText(), null, location);
            case VALUE_TRUE, VALUE_FALSE -> new YamlScalar(YamlScalar.Type.BOOLEAN, parser.getText(), null, location);
            case VALUE_NULL -> new YamlScalar(YamlScalar.Type.NULL, "", null, location);
            default -> new YamlScalar(YamlScalar.Type.STRING, String.valueOf(parser.getText()), null, location);
        };
    }

    private YamlMapping readMapping(ConfigLocation location, String path, int depth) throws IOException {
        Map<String, YamlMapping.Entry> entries = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
            if (token == null) {
                throw new IOException("the document ends inside a mapping");
            }
            String key = parser.currentName();
            ConfigLocation keyLocation = here();
            YamlNode value = readValue(parser.nextToken(), KeyPath.child(path, key), depth + 1);
            YamlMapping.Entry first = entries.get(key);
            if (first != null) {
                problems.add(new ConfigProblem(keyLocation, KeyPath.child(path, key), "duplicate key (first given at line "
                        + first.keyLocation().line() + "); a key may appear once per mapping"));
            } else {
                entries.put(key, new YamlMapping.Entry(key, keyLocation, value));
            }
        }
        return new YamlMapping(entries, location);
    }

    private YamlSequence readSequence(ConfigLocation location, String path, int depth) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IOException("the document ends inside a list");
            }
            items.add(readValue(token, KeyPath.item(path, items.size()), depth + 1));
        }
        return new YamlSequence(items, location);
    }

    private ConfigLocation here() {
        JsonLocation at = parser.currentTokenLocation();
        return new ConfigLocation(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        String line = message.strip();
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline).strip();
    }
}
