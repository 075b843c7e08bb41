package io.jvs.server.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes a plugin jar the way jvs-plugin-parent would (PF4J manifest, {@code META-INF/extensions.idx})
 * around compiled test classes, so that tests can produce well-formed and deliberately broken plugins.
 */
final class TestPluginJar {

    private final String pluginId;
    private String version = "1.0.0";
    private String requires = ">=0.1.0 & <0.2.0";
    private String pluginClass;
    private final List<String> indexLines = new ArrayList<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private TestPluginJar(String pluginId) {
        this.pluginId = pluginId;
    }

    static TestPluginJar plugin(String pluginId) {
        return new TestPluginJar(pluginId);
    }

    TestPluginJar requires(String expression) {
        this.requires = expression;
        return this;
    }

    /** Packs a PF4J plugin class and names it as Plugin-Class. */
    TestPluginJar pluginClass(Class<?> type) throws IOException {
        classWithNested(type);
        pluginClass = type.getName();
        return this;
    }

    /** Packs a compiled class (and, from a class directory, its nested classes) and lists it in the extension index. */
    TestPluginJar extension(Class<?> type) throws IOException {
        classWithNested(type);
        indexLines.add(type.getName());
        return this;
    }

    /** Lists a class name in the extension index without packing anything. */
    TestPluginJar indexOnly(String className) {
        indexLines.add(className);
        return this;
    }

    /** Packs class bytes under a class name and lists it in the extension index. */
    TestPluginJar extensionBytes(String className, byte[] bytes) {
        entries.put(className.replace('.', '/') + ".class", bytes);
        indexLines.add(className);
        return this;
    }

    /** Packs a compiled class (and, from a class directory, its nested classes) without listing it. */
    TestPluginJar classWithNested(Class<?> type) throws IOException {
        String path = type.getName().replace('.', '/') + ".class";
        entries.put(path, classBytes(type, path));
        Path classFile = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath()).resolve(path);
        if (!Files.isDirectory(classFile.getParent())) {
            return this;
        }
        try (DirectoryStream<Path> nested = Files.newDirectoryStream(classFile.getParent(),
                type.getSimpleName() + "$*.class")) {
            for (Path file : nested) {
                entries.put(path.substring(0, path.lastIndexOf('/') + 1) + file.getFileName(), Files.readAllBytes(file));
            }
        }
        return this;
    }

    Path writeTo(Path directory, String fileName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Version", version);
        main.putValue("Plugin-Provider", "jvs tests");
        main.putValue("Plugin-Requires", requires);
        if (pluginClass != null) {
            main.putValue("Plugin-Class", pluginClass);
        }
        Path jar = directory.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            zip.write(("# test plugin\n" + String.join("\n", indexLines) + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new JarEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static byte[] classBytes(Class<?> type, String path) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no class file for " + type);
            }
            return in.readAllBytes();
        }
    }

    /** Copies the plugin jars the reactor built (see the server POM) into a directory. */
    static void copyReactorPlugins(Path directory) throws IOException {
        String built = System.getProperty("jvs.test.plugins");
        if (built == null) {
            throw new IllegalStateException("system property jvs.test.plugins is not set: run the tests with Maven");
        }
        for (String jar : List.of("jvs-ipvs-schedulers.jar", "jvs-example-scheduler.jar")) {
            Path source = Path.of(built, jar);
            if (!Files.isRegularFile(source)) {
                throw new IllegalStateException("missing " + source + ": build the plugins first (mvn install)");
            }
            Files.copy(source, directory.resolve(jar));
        }
    }
}
