package io.jvs.server.scaffold;

import io.jvs.server.plugin.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates a ready-to-build Maven project for a new scheduler plugin, so that nobody copies POM
 * boilerplate: a {@code pom.xml} that inherits {@code io.jvs:jvs-plugin-parent} (every packaging
 * rule lives there), a factory, a working scheduler skeleton and its unit test.
 *
 * <pre>
 * java -cp jvs-server.jar:... io.jvs.server.scaffold.SchedulerScaffold NAME DIR [PACKAGE [GROUP_ID]]
 * </pre>
 *
 * <p>For {@code NAME = my-sched} it writes, under {@code DIR}:
 * <pre>
 * pom.xml                                                 parent io.jvs:jvs-plugin-parent, artifact jvs-scheduler-my-sched
 * README.md, .gitignore
 * src/main/java/com/example/jvs/mysched/MySchedSchedulerFactory.java
 * src/main/java/com/example/jvs/mysched/MySchedScheduler.java
 * src/test/java/com/example/jvs/mysched/MySchedSchedulerTest.java
 * </pre>
 *
 * <p>The project builds outside the jvs source tree: it finds {@code jvs-plugin-parent},
 * {@code jvs-spi} and the test kit in the local Maven repository, where {@code mvn install} in the
 * jvs tree puts them. This will become {@code jvs new-scheduler NAME}.
 */
public final class SchedulerScaffold {

    /** Scheduler names the scaffold accepts: a registry name that starts with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");

    /** The group id used when none is given. */
    public static final String DEFAULT_GROUP_ID = "com.example";

    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

    private SchedulerScaffold() {
    }

    /**
     * Generates the project with the default package {@code com.example.jvs.<name without dashes>}
     * and group id {@value #DEFAULT_GROUP_ID}.
     *
     * @param name the scheduler's name, e.g. {@code my-sched}
     * @param directory the project directory to create; must not exist or be empty
     * @return the files written
     * @throws IOException when the directory is not empty or a file cannot be written
     * @throws IllegalArgumentException when the name is malformed
     */
    public static List<Path> generate(String name, Path directory) throws IOException {
        return generate(name, directory, defaultPackage(name), DEFAULT_GROUP_ID);
    }

    /**
     * Generates the project.
     *
     * @param name the scheduler's name, e.g. {@code my-sched}: lower case letters, digits and
     *     {@code -}, starting with a letter, at most 16 characters
     * @param directory the project directory to create; must not exist or be empty
     * @param javaPackage the package of the generated classes, e.g. {@code com.example.jvs.mysched}
     * @param groupId the Maven group id of the plugin
     * @return the files written
     * @throws IOException when the directory is not empty or a file cannot be written
     * @throws IllegalArgumentException when the name, package or group id is malformed
     */
    public static List<Path> generate(String name, Path directory, String javaPackage, String groupId)
            throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("scheduler name must be lower case letters, digits and '-', starting"
                    + " with a letter, at most 16 characters: " + name);
        }
        if (!PACKAGE.matcher(javaPackage).matches() || javaPackage.startsWith("io.jvs.")) {
            throw new IllegalArgumentException("not a usable Java package (io.jvs.* is reserved for jvs itself): "
                    + javaPackage);
        }
        if (!PACKAGE.matcher(groupId).matches()) {
            throw new IllegalArgumentException("not a Maven group id: " + groupId);
        }
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new IOException("refusing to write into a non-empty directory: " + directory);
        }
        String classPrefix = classPrefix(name);
        String packagePath = javaPackage.replace('.', '/');
        Map<String, String> values = new LinkedHashMap<>();
        values.put("@NAME@", name);
        values.put("@CLASS_PREFIX@", classPrefix);
        values.put("@PACKAGE@", javaPackage);
        values.put("@PACKAGE_PATH@", packagePath);
        values.put("@GROUP_ID@", groupId);
        values.put("@ARTIFACT_ID@", "jvs-scheduler-" + name);
        values.put("@JVS_VERSION@", SpiVersion.artifactVersion());

        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", "pom.xml.template");
        files.put("README.md", "README.md.template");
        files.put(".gitignore", "gitignore.template");
        files.put("src/main/java/" + packagePath + "/" + classPrefix + "SchedulerFactory.java",
                "SchedulerFactory.java.template");
        files.put("src/main/java/" + packagePath + "/" + classPrefix + "Scheduler.java", "Scheduler.java.template");
        files.put("src/test/java/" + packagePath + "/" + classPrefix + "SchedulerTest.java",
                "SchedulerTest.java.template");

        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, fill(template(file.getValue()), values), StandardCharsets.UTF_8);
            written.add(target);
        }
        return written;
    }

    /**
     * Returns the default package for a scheduler name.
     *
     * @param name e.g. {@code my-sched}
     * @return e.g. {@code com.example.jvs.mysched}
     */
    public static String defaultPackage(String name) {
        return "com.example.jvs." + name.replace("-", "");
    }

    /**
     * Returns the class-name prefix for a scheduler name.
     *
     * @param name e.g. {@code my-sched}
     * @return e.g. {@code MySched}
     */
    public static String classPrefix(String name) {
        StringBuilder prefix = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                prefix.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return prefix.toString();
    }

    private static boolean isEmptyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String template(String resource) {
        try (InputStream in = SchedulerScaffold.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String template, Map<String, String> values) {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    /**
     * Generates a project from the command line and prints what to do next.
     *
     * @param args {@code NAME DIR [PACKAGE [GROUP_ID]]}
     */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: SchedulerScaffold NAME DIR [PACKAGE [GROUP_ID]]");
            System.err.println("  e.g. SchedulerScaffold my-sched ./jvs-scheduler-my-sched");
            System.exit(2);
        }
        String name = args[0];
        Path directory = Path.of(args[1]);
        try {
            String javaPackage = args.length >= 3 ? args[2] : defaultPackage(name);
            String groupId = args.length == 4 ? args[3] : DEFAULT_GROUP_ID;
            List<Path> files = generate(name, directory, javaPackage, groupId);
            for (Path file : files) {
                System.out.println("created " + file);
            }
            System.out.println();
            System.out.println("next: cd " + directory + " && mvn verify");
            System.out.println("then: copy target/jvs-scheduler-" + name + "-1.0.0-SNAPSHOT.jar into the plugins"
                    + " directory and set `scheduler: " + name + "` on a service");
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("SchedulerScaffold: " + e.getMessage());
            System.exit(1);
        }
    }
}
