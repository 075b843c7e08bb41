package io.jvs.plugincheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Checks that a jar is a well-formed jvs plugin, so that a packaging mistake fails the plugin's
 * build (and is reported when the server loads the jar) instead of surfacing as a scheduler that
 * silently does not exist or a {@link ClassCastException} at run time.
 *
 * <p>The rules:
 * <ol>
 *   <li>the file is a readable jar with a manifest;</li>
 *   <li>the manifest carries {@value #PLUGIN_ID} and {@value #PLUGIN_VERSION}, which PF4J needs to
 *       load it;</li>
 *   <li>{@value #EXTENSIONS_INDEX} exists and lists at least one class, and every listed class is in
 *       the jar (PF4J finds extensions only through this index, which the {@code @Extension}
 *       annotation processor writes);</li>
 *   <li>no framework class is inside ({@link #FRAMEWORK_PACKAGES}): the server provides them, and a
 *       second copy in the plugin's class loader would make its factory a different
 *       {@code SchedulerFactory} than the server's.</li>
 * </ol>
 *
 * <p>Command line, as {@code jvs-plugin-parent} runs it in the {@code verify} phase:
 * <pre>
 * java -cp jvs-plugin-jar-check.jar io.jvs.plugincheck.PluginJarCheck [--packaging TYPE] JAR
 * </pre>
 * It prints every problem and exits with status 1 when there is any, 0 otherwise; with a
 * packaging other than {@code jar} (a parent POM) it checks nothing.
 */
public final class PluginJarCheck {

    /** The index of extension classes that PF4J reads, one class name a line. */
    public static final String EXTENSIONS_INDEX = "META-INF/extensions.idx";

    /** The manifest attribute naming the plugin. */
    public static final String PLUGIN_ID = "Plugin-Id";

    /** The manifest attribute giving the plugin's version. */
    public static final String PLUGIN_VERSION = "Plugin-Version";

    /**
     * Path prefixes of classes that belong to the framework and must never be packed into a plugin:
     * the SPI, the engine, the server, the scheduler test kit and PF4J.
     */
    public static final List<String> FRAMEWORK_PACKAGES =
            List.of("io/jvs/spi/", "io/jvs/engine/", "io/jvs/server/", "io/jvs/testkit/", "org/pf4j/");

    private static final String MULTI_RELEASE_PREFIX = "META-INF/versions/";

    private PluginJarCheck() {
    }

    /**
     * Checks one jar.
     *
     * @param jar the jar file
     * @return the problems found, each one sentence that says what to do; empty when the jar is a
     *     well-formed plugin
     */
    public static List<String> problems(Path jar) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            problems.add("no such file: " + jar);
            return problems;
        }
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            checkManifest(file, problems);
            checkExtensionsIndex(file, problems);
            checkNoFrameworkClasses(file, problems);
        } catch (IOException | RuntimeException e) {
            problems.add("not a readable jar: " + e);
        }
        return problems;
    }

    private static void checkManifest(JarFile file, List<String> problems) throws IOException {
        Manifest manifest = file.getManifest();
        if (manifest == null) {
            problems.add("no META-INF/MANIFEST.MF: PF4J reads the plugin's id and version from it");
            return;
        }
        Attributes main = manifest.getMainAttributes();
        for (String attribute : List.of(PLUGIN_ID, PLUGIN_VERSION)) {
            String value = main.getValue(attribute);
            if (value == null || value.isBlank() || value.startsWith("${")) {
                problems.add("the manifest lacks " + attribute
                        + ": inherit io.jvs:jvs-plugin-parent and set the plugin.id property");
            }
        }
    }

    private static void checkExtensionsIndex(JarFile file, List<String> problems) throws IOException {
        ZipEntry index = file.getEntry(EXTENSIONS_INDEX);
        if (index == null) {
            problems.add("no " + EXTENSIONS_INDEX + ": no @Extension class was indexed. Does a class carry"
                    + " @org.pf4j.Extension, and is annotation processing on? (javac 23+ runs no processor"
                    + " found on the class path; jvs-plugin-parent configures it)");
            return;
        }
        List<String> classNames = readClassNames(file, index);
        if (classNames.isEmpty()) {
            problems.add(EXTENSIONS_INDEX + " lists no class: mark the factory with @org.pf4j.Extension");
        }
        for (String className : classNames) {
            if (file.getEntry(className.replace('.', '/') + ".class") == null) {
                problems.add(EXTENSIONS_INDEX + " lists " + className + " but the jar has no such class");
            }
        }
    }

    /**
     * Reads the extension class names a jar's {@value #EXTENSIONS_INDEX} lists, in file order.
     *
     * @param jar the jar file
     * @return the class names; empty when there is no index
     * @throws IOException when the jar cannot be read
     */
    public static List<String> extensionClassNames(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            ZipEntry index = file.getEntry(EXTENSIONS_INDEX);
            return index == null ? List.of() : readClassNames(file, index);
        }
    }

    private static List<String> readClassNames(JarFile file, ZipEntry index) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(file.getInputStream(index), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static void checkNoFrameworkClasses(JarFile file, List<String> problems) {
        List<String> bundled = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
            String name = withoutVersionPrefix(entries.nextElement().getName());
            if (name.endsWith(".class") && isFramework(name)) {
                bundled.add(name);
            }
        }
        if (!bundled.isEmpty()) {
            problems.add("bundles " + bundled.size() + " framework class(es), e.g. " + bundled.getFirst()
                    + ": the server provides them; declare io.jvs:jvs-spi and org.pf4j:pf4j with scope"
                    + " provided and do not shade them");
        }
    }

    private static String withoutVersionPrefix(String name) {
        if (name.startsWith(MULTI_RELEASE_PREFIX)) {
            int slash = name.indexOf('/', MULTI_RELEASE_PREFIX.length());
            return slash < 0 ? name : name.substring(slash + 1);
        }
        return name;
    }

    private static boolean isFramework(String entryName) {
        for (String prefix : FRAMEWORK_PACKAGES) {
            if (entryName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the jar named on the command line; see the class description.
     *
     * @param args {@code [--packaging TYPE] JAR}
     */
    public static void main(String[] args) {
        String packaging = "jar";
        int next = 0;
        if (args.length >= 2 && args[0].equals("--packaging")) {
            packaging = args[1];
            next = 2;
        }
        if (args.length != next + 1) {
            System.err.println("usage: PluginJarCheck [--packaging TYPE] JAR");
            System.exit(2);
        }
        if (!packaging.equals("jar")) {
            return;
        }
        Path jar = Path.of(args[next]);
        List<String> problems = problems(jar);
        if (problems.isEmpty()) {
            return;
        }
        System.err.println("[jvs] " + jar + " is not a well-formed jvs plugin jar:");
        for (String problem : problems) {
            System.err.println("[jvs]   - " + problem);
        }
        System.exit(1);
    }
}
