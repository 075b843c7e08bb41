package io.jvs.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code jvs adm}: ipvsadm's command line against a running jvs, e.g.
 * {@code jvs adm -A -t 203.0.113.1:80 -s rr}, {@code jvs adm -L -n --stats}, {@code jvs adm -S > rules},
 * {@code jvs adm -R < rules}. The server parses and runs the command (see docs/cli.md); this prints
 * what it answered and exits with ipvsadm's code.
 */
@Command(name = "adm", description = {"ipvsadm's commands and output formats against a running jvs (see docs/cli.md).",
    "Every ipvsadm option is passed through; -R reads the rules from standard input."})
final class AdmCommand implements Callable<Integer> {

    /** Where -R reads from; tests replace it. */
    static InputStream input = System.in;

    /** Creates the command (picocli fills in its options). */
    AdmCommand() {
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private AdminEndpointOptions endpoint;

    @Unmatched
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (args.contains("-h") || args.contains("--help")) {
            spec.commandLine().usage(out);
            return ExitCode.OK;
        }
        String stdin = "";
        if (args.contains("-R") || args.contains("--restore")) {
            stdin = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("args", args);
        request.put("input", stdin);
        ObjectMapper json = new ObjectMapper();
        AdminClient.Answer answer = endpoint.client().send("POST", "/api/adm",
                json.writeValueAsString(request), "application/json");
        if (answer.status() != 200) {
            err.print("jvs adm: " + answer.body());
            err.flush();
            return ExitCode.FAILURE;
        }
        JsonNode result = json.readTree(answer.body());
        out.print(result.path("out").asText());
        err.print(result.path("err").asText());
        out.flush();
        err.flush();
        return result.path("exit").asInt(ExitCode.FAILURE);
    }
}
