package io.jvs.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jvs.server.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema: in sync with its generator, and agreeing with the reader on the
 * examples (accepted) and on invalid documents (refused), checked by a real validator.
 */
class ConfigSchemaTest {

    private static final Path SCHEMA_FILE = SourceTree.home().resolve("docs/jvs-config.schema.json");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonSchema schema() throws IOException {
        JsonNode node = YAML.readTree(Files.readString(SCHEMA_FILE));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema().validate(YAML.readTree(yaml));
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(SourceTree.home().resolve("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void shouldMatchTheCommittedSchemaFile() throws IOException {
        assertEquals(ConfigSchema.text(), Files.readString(SCHEMA_FILE),
                "docs/jvs-config.schema.json is stale: regenerate it with"
                        + " java -cp framework/server/target/classes:... io.jvs.server.config.ConfigSchema"
                        + " docs/jvs-config.schema.json");
    }

    @Test
    void shouldDescribeEveryKeyOfEverySection() throws IOException {
        JsonNode root = YAML.readTree(Files.readString(SCHEMA_FILE));
        assertEquals(JvsConfig.KEYS, names(root.get("properties")));
        JsonNode engine = root.at("/properties/engine/anyOf/0");
        assertEquals(EngineConfig.KEYS, names(engine.get("properties")));
        assertEquals(ForwardingConfig.KEYS, names(engine.at("/properties/forwarding/anyOf/0/properties")));
        JsonNode service = root.at("/properties/services/anyOf/0/items");
        assertEquals(ServiceConfig.KEYS, names(service.get("properties")));
        assertEquals(DestinationConfig.KEYS, names(service.at("/properties/destinations/anyOf/0/items/properties")));
        assertEquals(1048576, engine.at("/properties/connections-per-worker/default").asInt());
        assertEquals(4096, engine.at("/properties/command-queue-capacity/default").asInt());
        assertEquals(256, engine.at("/properties/workers/maximum").asInt());
        assertEquals("300s", service.at("/properties/persistence/anyOf/0/properties/timeout/default").asText());
    }

    @Test
    void shouldRefuseToGenerateASectionWhoseKeysItDoesNotDescribe() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigSchema.properties("engine",
                List.of("workers", "batch-size"), java.util.Map.of("workers", new YAMLMapper().createObjectNode())));
        assertTrue(e.getMessage().contains("batch-size"), e.getMessage());
    }

    @Test
    void shouldBePointedAtByTheExamples() throws IOException {
        for (Path file : examples()) {
            assertTrue(Files.readString(file).startsWith("# yaml-language-server: $schema=../docs/jvs-config.schema.json\n"),
                    file + " names the schema for editors");
        }
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void shouldAcceptEveryExampleConfigurationAsTheReaderDoes() throws IOException, ConfigException {
        List<Path> files = examples();
        assertTrue(files.size() >= 2, files.toString());
        for (Path file : files) {
            String text = Files.readString(file);
            assertEquals(Set.of(), validate(text), file.toString());
            ConfigDocument.parse(text, file.getFileName().toString(), file.getParent()).bind(null);
        }
    }

    @Test
    void shouldAcceptTheFullExampleOfTheConfigurationGuide() throws IOException, ConfigException {
        String guide = Files.readString(SourceTree.home().resolve("docs/configuration.md"));
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(guide);
        assertTrue(block.find(), "no yaml block in docs/configuration.md");

        assertEquals(Set.of(), validate(block.group(1)));
        ConfigDocument.parse(block.group(1), "configuration.md", SourceTree.home()).bind(null);
    }

    /** Invalid documents, each with what the schema validator's message must mention. */
    private static final String[][] INVALID = {
        {"unknown top-level key", "servics: []\n", "servics"},
        {"unknown engine key", "engine: {wokers: 1}\n", "wokers"},
        {"workers out of range", "engine: {data-plane: memory, workers: 300}\n", "maximum"},
        {"unknown data plane", "engine: {data-plane: ring}\n", "enum"},
        {"bare-number duration", "engine: {timeouts: {tcp: 300}}\n", "tcp"},
        {"malformed count", "engine: {connections-per-worker: lots}\n", "connections-per-worker"},
        {"malformed MAC", "engine: {forwarding: {own-mac: \"02:00:00\"}}\n", "own-mac"},
        {"port as a string", "services:\n  - {protocol: tcp, address: 203.0.113.1, port: \"80\"}\n", "port"},
        {"host name for an address", "services:\n  - {protocol: tcp, address: www.example.com, port: 80}\n",
            "address"},
        {"weight out of range", "services:\n  - {protocol: tcp, address: 203.0.113.1, port: 80,"
            + " destinations: [{address: 198.51.100.7, weight: 70000}]}\n", "weight"},
        {"fwmark with an address", "services:\n  - {fwmark: 7, address: 203.0.113.1}\n", "oneOf"},
        {"tunnel type without tunnel", "services:\n  - {protocol: tcp, address: 203.0.113.1, port: 80,"
            + " destinations: [{address: 198.51.100.7, forwarding: nat, tunnel-type: gre}]}\n", "forwarding"},
        {"sysctl out of range", "sysctl: {conn_reuse_mode: 4}\n", "conn_reuse_mode"},
        {"synproxy buffer too large", "engine:\n  synproxy: {buffer-bytes: 70000}\n", "buffer-bytes"},
        {"synproxy not a boolean", "services:\n  - {protocol: tcp, address: 203.0.113.1, port: 80, synproxy: maybe,"
            + " destinations: [{address: 198.51.100.7, forwarding: nat}]}\n", "synproxy"},
    };

    @Test
    void shouldRefuseInvalidDocumentsAsTheReaderDoes() throws IOException {
        for (String[] row : INVALID) {
            Set<ValidationMessage> messages = validate(row[1]);
            assertFalse(messages.isEmpty(), row[0] + ": the schema accepted\n" + row[1]);
            assertTrue(messages.toString().contains(row[2]), row[0] + ": " + messages);
            assertThrows(ConfigException.class,
                    () -> ConfigDocument.parse(row[1], "invalid.yaml", SourceTree.home()).bind(null),
                    row[0] + ": the reader accepted\n" + row[1]);
        }
    }
}
