package io.jvs.server.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Watches one directory on a daemon thread and reports the names of changed files (created,
 * modified, deleted) that a filter accepts, after the directory was quiet for {@link #QUIET_MILLIS},
 * so that an editor's save or a copy arrives as one change.
 */
public final class DirectoryWatcher implements AutoCloseable {

    /** Quiet time before changes are reported, milliseconds: editors write files in several steps. */
    public static final long QUIET_MILLIS = 250;

    private final WatchService service;
    private final Thread thread;

    /**
     * Starts watching.
     *
     * @param directory the directory
     * @param accept which file names count
     * @param onChange receives the changed file names (absolute paths), on the watcher's thread
     * @throws IOException when the directory cannot be watched
     */
    public DirectoryWatcher(Path directory, Predicate<Path> accept, Consumer<Set<Path>> onChange) throws IOException {
        Objects.requireNonNull(onChange, "onChange");
        Path dir = directory.toAbsolutePath().normalize();
        this.service = FileSystems.getDefault().newWatchService();
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(() -> run(dir, accept, onChange), "jvs-watch-" + dir.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Path dir, Predicate<Path> accept, Consumer<Set<Path>> onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                Set<Path> changed = new LinkedHashSet<>();
                collect(dir, key, accept, changed);
                WatchKey more;
                while ((more = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    collect(dir, more, accept, changed);
                }
                if (!changed.isEmpty()) {
                    try {
                        onChange.accept(changed);
                    } catch (RuntimeException e) {
                        System.getLogger(DirectoryWatcher.class.getName()).log(System.Logger.Level.WARNING,
                                "change handler failed: " + e, e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void collect(Path dir, WatchKey key, Predicate<Path> accept, Set<Path> changed) {
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name) {
                Path file = dir.resolve(name);
                if (accept.test(file)) {
                    changed.add(file);
                }
            }
        }
        key.reset();
    }

    /** Stops watching. */
    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing a watch service only releases it; nothing to report
        }
        thread.interrupt();
    }
}
