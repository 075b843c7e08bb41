package io.jvs.server.config;

import io.jvs.server.plugin.SchedulerRegistry;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A configuration file parsed into a located YAML tree but not yet checked. Checking needs the
 * scheduler registry, and the registry needs the plugins directory the file names, hence two steps:
 *
 * <pre>{@code
 * ConfigDocument document = ConfigDocument.read(path);              // YAML syntax
 * PluginHost plugins = PluginHost.load(document.pluginsDirectory(defaultDirectory));
 * JvsConfig config = document.bind(plugins.schedulers());           // every other check, all at once
 * }</pre>
 *
 * <p>It also turns key paths back into file locations ({@link #locate}), for messages about a
 * configuration that the engine refuses after the checks.
 */
public final class ConfigDocument {

    private final String fileName;
    private final Path baseDirectory;
    private final YamlNode root;

    private ConfigDocument(String fileName, Path baseDirectory, YamlNode root) {
        this.fileName = fileName;
        this.baseDirectory = baseDirectory;
        this.root = root;
    }

    /**
     * Reads and parses a file.
     *
     * @param file the YAML file (UTF-8)
     * @return the document
     * @throws IOException when the file cannot be read
     * @throws ConfigException when the file is not valid YAML (or not UTF-8)
     */
    public static ConfigDocument read(Path file) throws IOException, ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigProblem(new ConfigLocation(file.toString(), 1, 1), "",
                    "not a UTF-8 text file")));
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), folder == null ? Path.of("").toAbsolutePath() : folder);
    }

    /**
     * Parses a text.
     *
     * @param text the YAML text
     * @param fileName the name to print in messages
     * @param baseDirectory the folder relative paths in the file are resolved against
     * @return the document
     * @throws ConfigException when the text is not valid YAML
     */
    public static ConfigDocument parse(String text, String fileName, Path baseDirectory) throws ConfigException {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        return new ConfigDocument(fileName, baseDirectory, YamlTreeReader.read(text, fileName));
    }

    /**
     * Returns the file name printed in messages.
     *
     * @return the name as the user gave it
     */
    public String fileName() {
        return fileName;
    }

    /**
     * Returns the folder relative paths are resolved against: the file's own folder.
     *
     * @return an absolute path
     */
    public Path baseDirectory() {
        return baseDirectory;
    }

    /**
     * Returns the parsed tree.
     *
     * @return the root node
     */
    public YamlNode root() {
        return root;
    }

    /**
     * Returns the plugins directory the file names, before the whole file is checked, so that the
     * plugins can be loaded for the check.
     *
     * @param defaultDirectory what to use when the file names none (or names it wrongly: the check
     *     reports that)
     * @return the directory
     */
    public Path pluginsDirectory(Path defaultDirectory) {
        ProblemList ignored = new ProblemList();
        ValueReader values = new ValueReader(ignored);
        MappingReader top = new MappingReader(root, root.location(), "", values, JvsConfig.KEYS);
        PluginsConfig plugins = PluginsConfig.read(top.section(JvsConfig.PLUGINS, PluginsConfig.KEYS), baseDirectory);
        return plugins.directory() == null ? defaultDirectory : plugins.directory();
    }

    /**
     * Checks the whole file and builds the configuration. Nothing is applied anywhere.
     *
     * @param schedulers the schedulers services may name (names and parameters are checked against
     *     it), or {@code null} to skip those checks
     * @return the configuration
     * @throws ConfigException with every problem found, each naming file, line, column and key
     */
    public JvsConfig bind(SchedulerRegistry schedulers) throws ConfigException {
        ProblemList problems = new ProblemList();
        ValueReader values = new ValueReader(problems);
        MappingReader top = new MappingReader(root, root.location(), "", values, JvsConfig.KEYS);
        EngineConfig engine = EngineConfig.read(top.section(JvsConfig.ENGINE, EngineConfig.KEYS));
        SysctlConfig sysctl = SysctlConfig.read(top.section(JvsConfig.SYSCTL, SysctlConfig.KEYS));
        PluginsConfig plugins = PluginsConfig.read(top.section(JvsConfig.PLUGINS, PluginsConfig.KEYS), baseDirectory);
        AdminConfig admin = AdminConfig.read(top.section(JvsConfig.ADMIN, AdminConfig.KEYS));
        List<ServiceConfig> services = ServiceConfig.readAll(top.get(JvsConfig.SERVICES), values, engine, schedulers);
        problems.throwIfAny();
        return new JvsConfig(engine, sysctl, plugins, services, this, admin);
    }

    /**
     * Finds where a key path stands in the file: the node itself, or the deepest existing node on
     * the way to it.
     *
     * @param path a key path such as {@code services[2].destinations[0].port}
     * @return the location
     */
    public ConfigLocation locate(String path) {
        YamlNode node = root;
        for (Object step : KeyPath.steps(path)) {
            YamlNode next = null;
            if (step instanceof Integer index && node instanceof YamlSequence list && index < list.items().size()) {
                next = list.items().get(index);
            } else if (step instanceof String key && node instanceof YamlMapping mapping) {
                next = mapping.get(key);
            }
            if (next == null) {
                break;
            }
            node = next;
        }
        return node.location();
    }

    /**
     * Builds the problem to report for a path.
     *
     * @param path the key path
     * @param message what is wrong
     * @return the problem, located in this file
     */
    public ConfigProblem problem(String path, String message) {
        return new ConfigProblem(locate(path), path, message);
    }
}
