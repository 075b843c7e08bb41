package io.jvs.server.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.plugin.PluginHost;
import io.jvs.server.plugin.PluginReport;
import io.jvs.server.plugin.PluginStatus;
import io.jvs.server.plugin.SpiVersion;
import io.jvs.spi.DestinationView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerScaffoldTest {

    @TempDir
    Path work;

    @Test
    void shouldGenerateProjectThatInheritsThePluginParent() throws IOException {
        Path project = work.resolve("jvs-scheduler-my-sched");

        List<Path> files = SchedulerScaffold.generate("my-sched", project);

        assertEquals(List.of("pom.xml", "README.md", ".gitignore",
                "src/main/java/com/example/jvs/mysched/MySchedSchedulerFactory.java",
                "src/main/java/com/example/jvs/mysched/MySchedScheduler.java",
                "src/test/java/com/example/jvs/mysched/MySchedSchedulerTest.java"),
                files.stream().map(file -> project.relativize(file).toString()).toList());
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>jvs-plugin-parent</artifactId>\n    <version>"
                + SpiVersion.artifactVersion() + "</version>\n    <relativePath/>"), pom);
        assertTrue(pom.contains("<artifactId>jvs-scheduler-my-sched</artifactId>"), pom);
        assertTrue(pom.contains("<plugin.id>jvs-scheduler-my-sched</plugin.id>"), pom);
        String factory = Files.readString(files.get(3));
        assertTrue(factory.contains("public static final String NAME = \"my-sched\";"), factory);
        for (Path file : files) {
            assertFalse(Files.readString(file).matches("(?s).*@[A-Z_]+@.*"), "placeholder left in " + file);
        }
    }

    @Test
    void shouldGenerateSourcesThatCompileIntoAPluginTheServerLoads() throws Exception {
        Path project = work.resolve("project");
        SchedulerScaffold.generate("my-sched", project);
        Path classes = work.resolve("classes");
        Path testClasses = work.resolve("test-classes");

        compile(project.resolve("src/main/java"), classes, testClassPath());
        compile(project.resolve("src/test/java"), testClasses, classes + java.io.File.pathSeparator + testClassPath());

        assertEquals("com.example.jvs.mysched.MySchedSchedulerFactory",
                Files.readAllLines(classes.resolve("META-INF/extensions.idx")).getLast());
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        jar(classes, plugins.resolve("jvs-scheduler-my-sched.jar"));
        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport report = host.reports().getFirst();
            assertEquals(PluginStatus.LOADED, report.status(), report.toString());
            assertEquals(List.of("my-sched"), report.schedulers());

            FakeService service = FakeService.tcp("203.0.113.1", 80);
            service.add(FakeDestination.of("10.0.0.1", 80), FakeDestination.of("10.0.0.2", 80));
            Scheduler scheduler = host.schedulers().create("my-sched", Map.of(), service, 1);
            DestinationView chosen = scheduler.schedule(service, FakePacket.tcp("198.51.100.9", 1, "203.0.113.1", 80), 0L);
            assertTrue(chosen == service.destinations().get(0) || chosen == service.destinations().get(1));
        }
    }

    @Test
    void shouldRefuseBadNamesAndNonEmptyDirectories() throws IOException {
        Files.writeString(work.resolve("existing.txt"), "x");

        assertThrows(IllegalArgumentException.class, () -> SchedulerScaffold.generate("My Sched", work.resolve("a")));
        assertThrows(IllegalArgumentException.class, () -> SchedulerScaffold.generate("1st", work.resolve("b")));
        assertThrows(IllegalArgumentException.class,
                () -> SchedulerScaffold.generate("ok", work.resolve("c"), "io.jvs.mine", "com.example"));
        IOException notEmpty = assertThrows(IOException.class, () -> SchedulerScaffold.generate("ok", work));
        assertTrue(notEmpty.getMessage().startsWith("refusing to write into a non-empty directory"));
    }

    @Test
    void shouldDeriveClassPrefixAndPackageFromName() {
        assertEquals("MySched", SchedulerScaffold.classPrefix("my-sched"));
        assertEquals("Wlc2", SchedulerScaffold.classPrefix("wlc2"));
        assertEquals("com.example.jvs.mysched", SchedulerScaffold.defaultPackage("my-sched"));
    }

    private static String testClassPath() {
        return System.getProperty("java.class.path");
    }

    /** Compiles with the PF4J annotation processor named explicitly, as jvs-plugin-parent does. */
    private static void compile(Path sources, Path output, String classPath) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "-cp", classPath,
                "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor", "--release", "25"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));
        assertEquals(0, status, diagnostics.toString(StandardCharsets.UTF_8));
    }

    /** Packs compiled classes with the manifest entries jvs-plugin-parent writes. */
    private static void jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", "jvs-scheduler-my-sched");
        main.putValue("Plugin-Version", "1.0.0-SNAPSHOT");
        main.putValue("Plugin-Requires", ">=0.1.0 & <0.2.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            for (Path file : files) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
    }
}
