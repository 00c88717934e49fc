package io.github.flinkwasm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sql [--slots N] FILE.sql...}: runs scripts one after the other in one session on one
 * embedded cluster, stopping at the first failing statement.
 */
final class SqlCommand {
    static final String USAGE = "sql [--slots N] FILE.sql...";
    static final int DEFAULT_SLOTS = 2;

    private SqlCommand() {
        // no instances
    }

    static int run(List<String> args, PrintStream out, PrintStream err, boolean verbose) {
        int slots = DEFAULT_SLOTS;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--slots")) {
                if (i + 1 >= args.size()) {
                    throw new Main.UsageException("--slots needs a number", USAGE);
                }
                try {
                    slots = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    slots = 0;
                }
                if (slots < 1 || slots > 256) {
                    throw new Main.UsageException(
                            "--slots must be a number from 1 to 256, found '" + args.get(i) + "'", USAGE);
                }
            } else if (a.startsWith("-")) {
                throw new Main.UsageException("unknown option " + a, USAGE);
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            throw new Main.UsageException("sql needs at least one script", USAGE);
        }
        // read and split every script first: a typo in the last file fails before any job runs
        List<List<ScriptSplitter.Statement>> scripts = new ArrayList<>();
        for (Path f : files) {
            scripts.add(split(f));
        }
        int slotCount = slots;
        EmbeddedCluster cluster = EmbeddedCluster.start(
                slots,
                nanos -> err.println("[timing] embedded cluster with " + slotCount + " slots started in "
                        + nanos / 1_000_000 + " ms"));
        try {
            SqlSession session = new SqlSession(out, err, slots);
            for (int i = 0; i < files.size() && !session.quit(); i++) {
                session.scriptFolder(files.get(i).toAbsolutePath().normalize().getParent());
                for (ScriptSplitter.Statement st : scripts.get(i)) {
                    try {
                        session.execute(st.text());
                    } catch (RuntimeException e) {
                        out.flush();
                        throw new CliException(files.get(i) + ":" + st.line() + ": " + Errors.oneLine(e), e);
                    }
                    if (session.quit()) {
                        break;
                    }
                }
            }
            session.finish();
        } finally {
            try {
                cluster.close();
            } catch (Exception e) {
                err.println("[WARN] closing the embedded cluster: " + Errors.oneLine(e));
            }
        }
        return 0;
    }

    private static List<ScriptSplitter.Statement> split(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(
                    file + ": file not found: " + file.toAbsolutePath().normalize());
        } catch (MalformedInputException e) {
            throw new CliException(file + ": the script is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return ScriptSplitter.split(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(file + ": " + e.getMessage(), e);
        }
    }
}
