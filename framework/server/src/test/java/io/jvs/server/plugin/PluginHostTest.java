package io.jvs.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeService;
import io.jvs.testplugins.CountingEvictionListener;
import io.jvs.testplugins.DuplicateRoundRobinFactory;
import io.jvs.testplugins.FailingStartPlugin;
import io.jvs.testplugins.FailingStaticInitializerFactory;
import io.jvs.testplugins.LastDestinationFactory;
import io.jvs.testplugins.NotAnExtension;
import io.jvs.testplugins.ThrowingConstructorFactory;
import io.jvs.testplugins.ThrowingNameFactory;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    /** The schedulers of the reactor's plugins: the example's {@code fa} and the IPVS set, sorted. */
    private static final List<String> REACTOR_SCHEDULERS = List.of("dh", "fa", "fo", "lblc", "lblcr", "lc", "nq", "ovf",
            "rr", "sed", "sh", "twos", "wlc", "wrr");

    @TempDir
    Path plugins;

    @Test
    void shouldLoadReactorPluginsAndScheduleWithRrAndFa() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);

        try (PluginHost host = PluginHost.load(plugins)) {
            assertEquals(List.of("jvs-example-scheduler", "jvs-ipvs-schedulers"),
                    host.reports().stream().map(PluginReport::pluginId).toList());
            for (PluginReport report : host.reports()) {
                assertEquals(PluginStatus.LOADED, report.status(), report.toString());
                assertEquals("0.1.0-SNAPSHOT", report.version());
            }
            assertEquals(REACTOR_SCHEDULERS, host.schedulers().names());

            FakeService service = FakeService.tcp("203.0.113.1", 80);
            FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80));
            FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80));
            Scheduler rr = host.schedulers().create("rr", Map.of(), service, 2);
            Scheduler fa = host.schedulers().create("fa", Map.of(), service, 2);

            assertSame(a, rr.schedule(service, SYN, 1L));
            assertSame(b, rr.schedule(service, SYN, 2L));
            assertSame(a, rr.schedule(service, SYN, 3L));
            a.overloaded(true);
            assertSame(b, fa.schedule(service, SYN, 4L));
            assertEquals(1, host.schedulers().metrics()
                    .counter("jvs.scheduler.fa.TCP 203.0.113.1:80.fallbacks").getCount());
        }
    }

    @Test
    void shouldLoadEachPluginInItsOwnClassLoader() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);

        try (PluginHost host = PluginHost.load(plugins)) {
            ClassLoader rrLoader = host.schedulers().get("rr").factory().getClass().getClassLoader();
            ClassLoader faLoader = host.schedulers().get("fa").factory().getClass().getClassLoader();

            assertNotSame(getClass().getClassLoader(), rrLoader);
            assertNotSame(rrLoader, faLoader);
            assertEquals(new PluginOrigin("jvs-ipvs-schedulers", plugins.resolve("jvs-ipvs-schedulers.jar")),
                    host.schedulers().get("rr").origin());
        }
    }

    @Test
    void shouldPassValidatedParametersAndRefuseInvalidOnes() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);

        try (PluginHost host = PluginHost.load(plugins)) {
            FakeService service = FakeService.tcp("203.0.113.1", 80);
            FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).overloaded(true));
            Scheduler overflowing = host.schedulers().create("fa", Map.of("fa-overflow", "true"), service, 1);
            Scheduler strict = host.schedulers().create("fa", Map.of(), service, 1);

            assertSame(a, overflowing.schedule(service, SYN, 0L));
            assertNull(strict.schedule(service, SYN, 0L));
            InvalidParameterException wrongType = assertThrows(InvalidParameterException.class,
                    () -> host.schedulers().create("fa", Map.of("fa-overflow", "maybe"), service, 1));
            assertEquals("fa-overflow", wrongType.parameter());
            InvalidParameterException unknown = assertThrows(InvalidParameterException.class,
                    () -> host.schedulers().create("rr", Map.of("sh-port", "true"), service, 1));
            assertEquals("sh-port: unknown parameter; this scheduler takes no parameters", unknown.getMessage());
        }
    }

    @Test
    void shouldListKnownNamesWhenSchedulerIsUnknown() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);

        try (PluginHost host = PluginHost.load(plugins)) {
            UnknownSchedulerException e = assertThrows(UnknownSchedulerException.class,
                    () -> host.schedulers().create("mh", Map.of(), FakeService.tcp("203.0.113.1", 80), 1));

            assertEquals("unknown scheduler 'mh'; known schedulers: " + String.join(", ", REACTOR_SCHEDULERS),
                    e.getMessage());
            assertEquals(REACTOR_SCHEDULERS, e.knownNames());
        }
    }

    @Test
    void shouldRefuseSecondSchedulerWithSameNameAndNameBothPlugins() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        Path impostorJar = TestPluginJar.plugin("impostor")
                .extension(DuplicateRoundRobinFactory.class)
                .extension(LastDestinationFactory.class)
                .writeTo(plugins, "zz-impostor.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport impostor = report(host, "impostor");

            assertEquals(PluginStatus.PARTIAL, impostor.status());
            assertEquals(List.of("last"), impostor.schedulers());
            assertEquals(1, impostor.problems().size());
            String message = impostor.problems().getFirst();
            assertTrue(message.startsWith("scheduler 'rr' (io.jvs.testplugins.DuplicateRoundRobinFactory) from plugin"
                    + " 'impostor' (" + impostorJar + ") is refused: the name is already registered by"
                    + " io.jvs.plugins.ipvs.RoundRobinSchedulerFactory from plugin 'jvs-ipvs-schedulers' ("
                    + plugins.resolve("jvs-ipvs-schedulers.jar") + ")"), message);
            assertEquals("jvs-ipvs-schedulers", host.schedulers().get("rr").origin().pluginId());
            assertEquals(PluginStatus.LOADED, report(host, "jvs-ipvs-schedulers").status());
        }
    }

    @Test
    void shouldKeepWhicheverJarSortsFirstWhenNamesCollide() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        TestPluginJar.plugin("early-impostor").extension(DuplicateRoundRobinFactory.class)
                .writeTo(plugins, "aa-impostor.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            assertEquals("early-impostor", host.schedulers().get("rr").origin().pluginId());
            PluginReport ipvs = report(host, "jvs-ipvs-schedulers");
            assertEquals(PluginStatus.PARTIAL, ipvs.status(), "its other schedulers load");
            assertTrue(ipvs.message().contains("already registered by io.jvs.testplugins.DuplicateRoundRobinFactory"
                    + " from plugin 'early-impostor'"), ipvs.message());
        }
    }

    @Test
    void shouldReportEveryFailingExtensionAndKeepTheGoodOnes() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        TestPluginJar.plugin("mixed")
                .extension(ThrowingConstructorFactory.class)
                .extension(ThrowingNameFactory.class)
                .extension(FailingStaticInitializerFactory.class)
                .extension(NotAnExtension.class)
                .extensionBytes("io.jvs.testplugins.MissingSuperclassFactory", classWithMissingSuperclass())
                .extension(LastDestinationFactory.class)
                .writeTo(plugins, "mixed.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport mixed = report(host, "mixed");

            assertEquals(PluginStatus.PARTIAL, mixed.status());
            assertEquals(List.of("last"), mixed.schedulers());
            List<String> problems = mixed.problems();
            assertEquals(5, problems.size(), problems.toString());
            assertEquals("extension io.jvs.testplugins.ThrowingConstructorFactory cannot be created: its constructor"
                    + " threw java.lang.IllegalStateException: boom in constructor", problems.get(0));
            assertTrue(problems.get(1).startsWith("scheduler factory io.jvs.testplugins.ThrowingNameFactory from"
                    + " plugin 'mixed'"), problems.get(1));
            assertTrue(problems.get(1).endsWith("is refused: name() threw java.lang.UnsupportedOperationException:"
                    + " boom in name"), problems.get(1));
            assertTrue(problems.get(2).startsWith("extension io.jvs.testplugins.FailingStaticInitializerFactory"
                    + " cannot be loaded: its static initializer threw java.lang.NumberFormatException"),
                    problems.get(2));
            assertEquals("extension io.jvs.testplugins.NotAnExtension implements no jvs extension point; ignored",
                    problems.get(3));
            assertTrue(problems.get(4).startsWith("extension io.jvs.testplugins.MissingSuperclassFactory cannot be"
                    + " loaded: java.lang.NoClassDefFoundError: io/jvs/testplugins/absent/AbsentBase"),
                    problems.get(4));
            assertEquals(Stream.concat(REACTOR_SCHEDULERS.stream(), Stream.of("last")).sorted().toList(),
                    host.schedulers().names());
        }
    }

    @Test
    void shouldFailPluginWhoseOnlyExtensionFailsAndLoadTheOthers() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        TestPluginJar.plugin("ctor").extension(ThrowingConstructorFactory.class).writeTo(plugins, "ctor.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport ctor = report(host, "ctor");

            assertEquals(PluginStatus.FAILED, ctor.status());
            assertEquals(plugins.resolve("ctor.jar"), ctor.jar());
            assertTrue(ctor.message().endsWith("boom in constructor"), ctor.message());
            assertEquals(REACTOR_SCHEDULERS, host.schedulers().names());
        }
    }

    @Test
    void shouldReportCorruptJarAndLoadTheOthers() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        Files.writeString(plugins.resolve("corrupt.jar"), "PK but not really a zip file");

        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport corrupt = report(host, "corrupt.jar");

            assertEquals(PluginStatus.FAILED, corrupt.status());
            assertTrue(corrupt.message().startsWith("not a readable jar"), corrupt.message());
            assertEquals(REACTOR_SCHEDULERS, host.schedulers().names());
        }
    }

    @Test
    void shouldReportPluginWhoseStartHookThrowsAndLoadTheOthers() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        TestPluginJar.plugin("unstartable").pluginClass(FailingStartPlugin.class)
                .extension(LastDestinationFactory.class).writeTo(plugins, "unstartable.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport unstartable = report(host, "unstartable");

            assertEquals(PluginStatus.FAILED, unstartable.status());
            assertTrue(unstartable.message().startsWith("it failed to start (Plugin-Class"
                    + " 'io.jvs.testplugins.FailingStartPlugin'): "), unstartable.message());
            assertTrue(unstartable.message().contains("boom in start"), unstartable.message());
            assertEquals(REACTOR_SCHEDULERS, host.schedulers().names());
        }
    }

    @Test
    void shouldRefuseJarWhoseIndexListsAbsentClass() throws Exception {
        TestPluginJar.plugin("ghost").indexOnly("io.jvs.testplugins.Ghost").writeTo(plugins, "ghost.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport ghost = report(host, "ghost.jar");

            assertEquals(PluginStatus.FAILED, ghost.status());
            assertEquals("META-INF/extensions.idx lists io.jvs.testplugins.Ghost but the jar has no such class",
                    ghost.message());
        }
    }

    @Test
    void shouldRefuseJarThatBundlesSpiClasses() throws Exception {
        TestPluginJar.plugin("fat").extension(LastDestinationFactory.class).classWithNested(Scheduler.class)
                .writeTo(plugins, "fat.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            PluginReport fat = report(host, "fat.jar");

            assertEquals(PluginStatus.FAILED, fat.status());
            assertTrue(fat.message().startsWith("bundles 1 framework class(es), e.g. io/jvs/spi/Scheduler.class"),
                    fat.message());
            assertFalse(host.schedulers().contains("last"));
        }
    }

    @Test
    void shouldRefuseSecondJarWithSamePluginId() throws Exception {
        TestPluginJar.plugin("twin").extension(LastDestinationFactory.class).writeTo(plugins, "twin-1.jar");
        TestPluginJar.plugin("twin").extension(DuplicateRoundRobinFactory.class).writeTo(plugins, "twin-2.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            assertEquals(PluginStatus.LOADED, host.reports().get(0).status());
            PluginReport second = host.reports().get(1);
            assertEquals(PluginStatus.FAILED, second.status());
            assertEquals("plugin id 'twin' is already loaded from " + plugins.resolve("twin-1.jar")
                    + "; this jar is ignored", second.message());
            assertEquals(List.of("last"), host.schedulers().names());
        }
    }

    @Test
    void shouldRefusePluginThatRequiresAnotherSpiVersion() throws Exception {
        TestPluginJar.plugin("future").requires(">=0.2.0").extension(LastDestinationFactory.class)
                .writeTo(plugins, "future.jar");
        TestPluginJar.plugin("current").requires("0.1.0").extension(DuplicateRoundRobinFactory.class)
                .writeTo(plugins, "current.jar");

        try (PluginHost host = PluginHost.load(plugins, new SchedulerRegistry(), "0.1.0-SNAPSHOT")) {
            assertEquals(PluginStatus.LOADED, report(host, "current").status());
            PluginReport future = report(host, "future");
            assertEquals(PluginStatus.FAILED, future.status());
            assertEquals("it requires jvs-spi '>=0.2.0' (Plugin-Requires) and this server provides 0.1.0",
                    future.message());
        }
    }

    @Test
    void shouldRefuseReactorPluginsOnIncompatibleSpi() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);

        try (PluginHost host = PluginHost.load(plugins, new SchedulerRegistry(), "0.2.0")) {
            for (PluginReport report : host.reports()) {
                assertEquals(PluginStatus.FAILED, report.status());
                assertEquals("it requires jvs-spi '>=0.1.0 & <0.2.0' (Plugin-Requires) and this server provides"
                        + " 0.2.0", report.message());
            }
            assertEquals(List.of(), host.schedulers().names());
        }
    }

    @Test
    void shouldCollectEvictionListeners() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        TestPluginJar.plugin("audit").extension(CountingEvictionListener.class).writeTo(plugins, "audit.jar");

        try (PluginHost host = PluginHost.load(plugins)) {
            assertEquals(1, host.evictionListeners().size());
            EvictionListener listener = host.evictionListeners().getFirst();
            listener.onEviction(null, EvictionReason.EXPIRED, 0L);
            listener.onEviction(null, EvictionReason.CLOSED, 1L);

            assertEquals(CountingEvictionListener.class.getName(), listener.getClass().getName());
            assertNotSame(CountingEvictionListener.class, listener.getClass());
            assertEquals(2L, listener.getClass().getMethod("evictions").invoke(listener));
            assertEquals(List.of(CountingEvictionListener.class.getName()), report(host, "audit").evictionListeners());
        }
    }

    @Test
    void shouldIgnoreFilesThatAreNotJars() throws Exception {
        TestPluginJar.copyReactorPlugins(plugins);
        Files.writeString(plugins.resolve("README.txt"), "not a plugin", StandardCharsets.UTF_8);

        try (PluginHost host = PluginHost.load(plugins)) {
            assertEquals(2, host.reports().size());
        }
    }

    @Test
    void shouldFailWhenDirectoryDoesNotExist() {
        assertThrows(NoSuchFileException.class, () -> PluginHost.load(plugins.resolve("absent")));
    }

    @Test
    void shouldLoadNothingFromEmptyDirectory() throws IOException {
        try (PluginHost host = PluginHost.load(plugins)) {
            assertEquals(List.of(), host.reports());
            UnknownSchedulerException e = assertThrows(UnknownSchedulerException.class,
                    () -> host.schedulers().get("rr"));
            assertEquals("unknown scheduler 'rr'; known schedulers: (none: no scheduler plugin is loaded)",
                    e.getMessage());
        }
    }

    private static PluginReport report(PluginHost host, String pluginId) {
        return host.reports().stream().filter(r -> r.pluginId().equals(pluginId)).findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + pluginId + " in " + host.reports()));
    }

    /** A factory class whose superclass exists nowhere: loading it fails with NoClassDefFoundError. */
    private static byte[] classWithMissingSuperclass() {
        return ClassFile.of().build(ClassDesc.of("io.jvs.testplugins.MissingSuperclassFactory"), builder -> builder
                .withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL)
                .withSuperclass(ClassDesc.of("io.jvs.testplugins.absent.AbsentBase"))
                .withInterfaceSymbols(ClassDesc.of("io.jvs.spi.SchedulerFactory")));
    }
}
