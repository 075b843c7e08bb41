package io.jvs.server.cli;

import io.jvs.server.scaffold.SchedulerScaffold;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvs new-scheduler NAME}: generates a ready-to-build scheduler plugin project. */
@Command(name = "new-scheduler", mixinStandardHelpOptions = true, versionProvider = JvsVersion.class,
        description = {"Generate a scheduler plugin project: a factory, a working skeleton scheduler and its tests,"
            + " built with 'mvn verify' (jvs must have been installed with 'mvn install' once).",
            "See docs/writing-a-scheduler.md."})
final class NewSchedulerCommand implements Callable<Integer> {

    /** Creates the command (picocli fills in its options). */
    NewSchedulerCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "The scheduler's name, as services will write it: lower case letters, digits and '-',"
                    + " starting with a letter, at most 16 characters.")
    private String name;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to create the project (default: ./jvs-scheduler-NAME). It must not exist or be empty.")
    private Path directory;

    @Option(names = "--package", paramLabel = "P",
            description = "The Java package (default: com.example.jvs.<name without dashes>).")
    private String javaPackage;

    @Option(names = "--group-id", paramLabel = "G", description = "The Maven group id (default: com.example).")
    private String groupId = SchedulerScaffold.DEFAULT_GROUP_ID;

    @Override
    public Integer call() throws IOException {
        if (!SchedulerScaffold.NAME.matcher(name).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + name + "' is not a scheduler name:"
                    + " lower case letters, digits and '-', starting with a letter, at most 16 characters");
        }
        Path target = directory != null ? directory : Path.of("jvs-scheduler-" + name);
        List<Path> files;
        try {
            files = SchedulerScaffold.generate(name, target,
                    javaPackage != null ? javaPackage : SchedulerScaffold.defaultPackage(name), groupId);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : files) {
            out.println("created " + file);
        }
        out.println();
        out.println("next: cd " + target + " && mvn verify");
        out.println("then: copy target/jvs-scheduler-" + name + "-1.0.0-SNAPSHOT.jar into the plugins directory and"
                + " set 'scheduler: " + name + "' on a service");
        return ExitCode.OK;
    }
}
