package io.github.flinkwasm.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads manifests and modules from local paths and from any URI Flink's {@link FileSystem} knows
 * ({@code file:}, {@code hdfs:}, {@code s3:}...). Local paths avoid Flink's file system layer.
 */
@Internal
public final class Locations {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

    private Locations() {
        // no instances
    }

    static boolean isUri(String location) {
        return SCHEME.matcher(location).matches();
    }

    /** {@code path} resolved against {@code baseDir} unless it is absolute or a URI. */
    static String resolve(String baseDir, String path) {
        if (isUri(path) || Path.of(path).isAbsolute() || baseDir == null) {
            return path;
        }
        if (isUri(baseDir)) {
            return baseDir.endsWith("/") ? baseDir + path : baseDir + "/" + path;
        }
        return Path.of(baseDir).resolve(path).normalize().toString();
    }

    /** A local path made absolute, for messages; a URI as it is. */
    public static String absolute(String location) {
        return isUri(location)
                ? location
                : Path.of(location).toAbsolutePath().normalize().toString();
    }

    /** The folder of a file location, as a base for relative paths. */
    static String parent(String location) {
        if (isUri(location)) {
            int slash = location.lastIndexOf('/');
            return slash < 0 ? location : location.substring(0, slash);
        }
        Path parent = Path.of(location).toAbsolutePath().normalize().getParent();
        return parent == null ? "/" : parent.toString();
    }

    /** The bytes of a local file or of a URI Flink's {@link FileSystem} reads. */
    public static byte[] read(String location) throws IOException {
        if (!isUri(location)) {
            return Files.readAllBytes(Path.of(location));
        }
        if (location.startsWith("file:")) {
            return Files.readAllBytes(Path.of(URI.create(location)));
        }
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(location);
        try (FSDataInputStream in = p.getFileSystem().open(p)) {
            return ((InputStream) in).readAllBytes();
        }
    }

    static boolean isDirectory(String location) throws IOException {
        if (!isUri(location)) {
            return Files.isDirectory(Path.of(location));
        }
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(location);
        FileSystem fs = p.getFileSystem();
        return fs.exists(p) && fs.getFileStatus(p).isDir();
    }

    /** The {@code .json} files directly inside a folder, sorted by name. */
    static List<String> manifestsIn(String folder) throws IOException {
        List<String> out = new ArrayList<>();
        if (!isUri(folder)) {
            try (var files = Files.list(Path.of(folder))) {
                files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                        .map(Path::toString)
                        .forEach(out::add);
            }
        } else {
            org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(folder);
            for (FileStatus s : p.getFileSystem().listStatus(p)) {
                if (!s.isDir() && s.getPath().getName().endsWith(".json")) {
                    out.add(s.getPath().toString());
                }
            }
        }
        out.sort(null);
        return out;
    }
}
