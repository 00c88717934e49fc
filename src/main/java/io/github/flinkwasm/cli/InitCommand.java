package io.github.flinkwasm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code init --lang c|rust|assemblyscript NAME [DIR]}: writes a guest project into DIR (default
 * ./NAME): a source file using the SDK (copied from the jar's {@code flink-wasm-sdk/} resources), a
 * build script with the toolchain's standard commands, the manifest NAME.json with two functions
 * ({@code greet} STRING -> STRING and {@code add} INT, INT -> INT) and a rows file for {@code call
 * --rows}. Refuses a DIR that exists and is not empty.
 */
final class InitCommand {
    static final String USAGE = "init --lang c|rust|assemblyscript NAME [DIR]";

    /** Resource folder of the SDK files inside the jar (see pom.xml). */
    static final String SDK_RESOURCES = "flink-wasm-sdk/";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private InitCommand() {
        // no instances
    }

    static int run(List<String> args, PrintStream out) {
        String lang = null;
        String name = null;
        String dir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--lang")) {
                if (i + 1 >= args.size()) {
                    throw new Main.UsageException("--lang needs a value: c, rust or assemblyscript", USAGE);
                }
                lang = args.get(++i);
            } else if (a.startsWith("--lang=")) {
                lang = a.substring("--lang=".length());
            } else if (a.startsWith("-")) {
                throw new Main.UsageException("unknown option '" + a + "'", USAGE);
            } else if (name == null) {
                name = a;
            } else if (dir == null) {
                dir = a;
            } else {
                throw new Main.UsageException("unexpected argument '" + a + "'", USAGE);
            }
        }
        if (lang == null) {
            throw new Main.UsageException("init needs --lang c, rust or assemblyscript", USAGE);
        }
        if (name == null) {
            throw new Main.UsageException("init needs a project NAME", USAGE);
        }
        if (!NAME.matcher(name).matches()) {
            throw new Main.UsageException(
                    "project name '" + name + "' must match [a-z][a-z0-9_]* (it is the plugin's name)", USAGE);
        }
        Map<String, String> files;
        switch (lang) {
            case "c":
                files = c(name);
                break;
            case "rust":
                files = rust(name);
                break;
            case "assemblyscript":
            case "as":
                files = assemblyScript(name);
                break;
            default:
                throw new Main.UsageException(
                        "unknown language '" + lang + "'; expected c, rust or assemblyscript", USAGE);
        }
        Path target = Paths.get(dir == null ? name : dir).toAbsolutePath().normalize();
        try {
            if (Files.exists(target)) {
                if (!Files.isDirectory(target)) {
                    throw new CliException(target + " exists and is not a directory");
                }
                try (Stream<Path> entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new CliException(
                                target + " is not empty; init writes only into a new or empty directory");
                    }
                }
            }
            Files.createDirectories(target);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = target.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                if (f.getValue().startsWith(SDK_RESOURCES)) {
                    try (InputStream in = InitCommand.class.getClassLoader().getResourceAsStream(f.getValue())) {
                        if (in == null) {
                            throw new CliException("SDK file " + f.getValue() + " is missing from the jar");
                        }
                        Files.copy(in, p);
                    }
                } else {
                    Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                }
                if (f.getKey().endsWith(".sh")) {
                    try {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: run it with sh
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        out.println("Created " + lang + " project '" + name + "' in " + target);
        out.println("  build: cd " + target + " && ./build.sh");
        out.println("  try:   java -jar flink-wasm-cli.jar call " + name + ".json greet Ada");
        out.println("         java -jar flink-wasm-cli.jar call " + name + ".json add 2 3");
        out.println("         java -jar flink-wasm-cli.jar call " + name + ".json greet --rows greet.rows");
        return 0;
    }

    static String manifest(String name, String lang) {
        return String.join(
                "\n",
                "{",
                "  \"name\": \"" + name + "\",",
                "  \"version\": \"0.1.0\",",
                "  \"description\": \"" + name + ": a flink-wasm plugin in " + lang + "\",",
                "  \"vm_config\": { \"engine\": \"chicory\", \"path\": \"" + name + ".wasm\" },",
                "  \"functions\": [",
                "    { \"name\": \"greet\", \"params\": [\"STRING\"], \"returns\": \"STRING\" },",
                "    { \"name\": \"add\", \"params\": [\"INT\", \"INT\"], \"returns\": \"INT\" }",
                "  ]",
                "}",
                "");
    }

    private static final String ROWS = "Ada\nGrace\n\"Lovelace, Ada\"\n";

    private static Map<String, String> common(String name, String lang) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + ".json", manifest(name, lang));
        files.put("greet.rows", ROWS);
        return files;
    }

    static Map<String, String> c(String name) {
        Map<String, String> files = common(name, "C");
        files.put("flink_wasm.h", SDK_RESOURCES + "c/flink_wasm.h");
        files.put(
                name + ".c",
                String.join(
                        "\n",
                        "// The " + name + " plugin: flink-wasm functions in C (manifest " + name + ".json).",
                        "#include \"flink_wasm.h\"",
                        "",
                        "// greet(STRING) -> STRING: \"Hello, \" + name.",
                        "FW_EXPORT(greet)",
                        "int64_t greet(int32_t ptr, int32_t len) {",
                        "    fw_str name = fw_arg_str(ptr, len);",
                        "    fw_buf out = {0};",
                        "    fw_buf_append(&out, \"Hello, \", 7);",
                        "    fw_buf_append(&out, name.ptr, name.len);",
                        "    fw_str_release(&name);",
                        "    return fw_buf_result(&out);",
                        "}",
                        "",
                        "// add(INT, INT) -> INT",
                        "FW_EXPORT(add)",
                        "int32_t add(int32_t a, int32_t b) {",
                        "    return a + b;",
                        "}",
                        ""));
        files.put(
                "build.sh",
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "# Builds " + name + ".wasm with clang's wasm32 target and wasm-ld (no libc needed).",
                        "set -e",
                        "cd \"$(dirname \"$0\")\"",
                        "clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-dynamic -Wl,--strip-all \\",
                        "    -I. -o " + name + ".wasm " + name + ".c",
                        "echo \"built $(pwd)/" + name + ".wasm\"",
                        ""));
        return files;
    }

    static Map<String, String> rust(String name) {
        Map<String, String> files = common(name, "Rust");
        files.put("flink-wasm-guest/Cargo.toml", SDK_RESOURCES + "rust/flink-wasm-guest/Cargo.toml");
        files.put("flink-wasm-guest/src/lib.rs", SDK_RESOURCES + "rust/flink-wasm-guest/src/lib.rs");
        files.put(
                "Cargo.toml",
                String.join(
                        "\n",
                        "[package]",
                        "name = \"" + name + "\"",
                        "version = \"0.1.0\"",
                        "edition = \"2021\"",
                        "publish = false",
                        "",
                        "[lib]",
                        "# a cdylib is what becomes a standalone .wasm module",
                        "crate-type = [\"cdylib\"]",
                        "",
                        "[dependencies]",
                        "flink-wasm-guest = { path = \"flink-wasm-guest\" }",
                        "",
                        "[profile.release]",
                        "opt-level = \"s\"",
                        "lto = true",
                        "panic = \"abort\"",
                        "strip = true",
                        ""));
        files.put(
                "src/lib.rs",
                String.join(
                        "\n",
                        "//! The " + name + " plugin: flink-wasm functions in Rust (manifest " + name + ".json).",
                        "",
                        "use flink_wasm_guest::export;",
                        "",
                        "export! {",
                        "    /// greet(STRING) -> STRING: \"Hello, \" + name.",
                        "    fn greet(name: &str) -> String {",
                        "        format!(\"Hello, {}\", name)",
                        "    }",
                        "",
                        "    /// add(INT, INT) -> INT",
                        "    fn add(a: i32, b: i32) -> i32 {",
                        "        a.wrapping_add(b)",
                        "    }",
                        "}",
                        ""));
        files.put(
                "build.sh",
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "# Builds " + name + ".wasm (Cargo.toml: a crate-type = [\"cdylib\"] library, which is what",
                        "# becomes a standalone .wasm module). Two ways, the first that is installed:",
                        "#  1. The standard one, rustup: once `rustup target add wasm32-unknown-unknown`, then",
                        "#       cargo build --release --target wasm32-unknown-unknown",
                        "#  2. Offline with Debian's rustc-web (apt-get install rustc-web cargo-web rust-web-src lld-22),",
                        "#     which has no prebuilt wasm32 std: std is rebuilt from rust-web-src (cargo-rustc-web.toml):",
                        "#       PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 cargo --config cargo-rustc-web.toml build \\",
                        "#           --offline --release --target wasm32-unknown-unknown",
                        "set -e",
                        "cd \"$(dirname \"$0\")\"",
                        "if command -v rustc >/dev/null \\",
                        "    && [ -d \"$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown\" ]; then",
                        "    cargo build --release --target wasm32-unknown-unknown",
                        "elif [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library/vendor ]; then",
                        "    PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 cargo --config cargo-rustc-web.toml build \\",
                        "        --offline --release --target wasm32-unknown-unknown",
                        "else",
                        "    echo \"no Rust toolchain with the wasm32-unknown-unknown target:\" >&2",
                        "    echo \"  rustup target add wasm32-unknown-unknown   (or, on Debian: rustc-web, see above)\" >&2",
                        "    exit 1",
                        "fi",
                        "cp \"${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/" + name + ".wasm\" " + name
                                + ".wasm",
                        "echo \"built $(pwd)/" + name + ".wasm\"",
                        ""));
        files.put(
                "cargo-rustc-web.toml",
                String.join(
                        "\n",
                        "# Cargo settings for Debian's offline rustc-web (build.sh, way 2); rustup does not need them.",
                        "# std is rebuilt for wasm32 from rust-web-src, its dependencies come from the sources",
                        "# vendored there (no crates.io), and wasm-ld-22 (package lld-22) links.",
                        "[unstable]",
                        "build-std = [\"std\", \"panic_abort\"]",
                        "",
                        "[source.crates-io]",
                        "replace-with = \"debian-rust-src\"",
                        "",
                        "[source.debian-rust-src]",
                        "directory = \"/usr/lib/rustlib/src/rust/library/vendor\"",
                        "",
                        "[target.wasm32-unknown-unknown]",
                        "linker = \"wasm-ld-22\"",
                        ""));
        return files;
    }

    static Map<String, String> assemblyScript(String name) {
        Map<String, String> files = common(name, "AssemblyScript");
        files.put("flink-wasm-guest/package.json", SDK_RESOURCES + "assemblyscript/package.json");
        files.put("flink-wasm-guest/index.ts", SDK_RESOURCES + "assemblyscript/index.ts");
        files.put("flink-wasm-guest/assembly/index.ts", SDK_RESOURCES + "assemblyscript/assembly/index.ts");
        files.put(
                "package.json",
                String.join(
                        "\n",
                        "{",
                        "  \"name\": \"" + name.replace('_', '-') + "\",",
                        "  \"version\": \"0.1.0\",",
                        "  \"private\": true,",
                        "  \"type\": \"module\",",
                        "  \"scripts\": {",
                        "    \"build\": \"asc assembly/index.ts --config asconfig.json --target release\"",
                        "  },",
                        "  \"dependencies\": {",
                        "    \"flink-wasm-guest\": \"file:./flink-wasm-guest\"",
                        "  },",
                        "  \"devDependencies\": {",
                        "    \"assemblyscript\": \"^0.28.0\"",
                        "  }",
                        "}",
                        ""));
        files.put(
                "asconfig.json",
                String.join(
                        "\n",
                        "{",
                        "  \"targets\": {",
                        "    \"release\": { \"outFile\": \"" + name
                                + ".wasm\", \"optimizeLevel\": 3, \"shrinkLevel\": 1 }",
                        "  },",
                        "  \"options\": {",
                        "    \"runtime\": \"incremental\",",
                        "    \"exportRuntime\": false,",
                        "    \"use\": [\"abort=~lib/flink-wasm-guest/assembly/index/abortTrap\"]",
                        "  }",
                        "}",
                        ""));
        files.put(
                "assembly/index.ts",
                String.join(
                        "\n",
                        "// The " + name + " plugin: flink-wasm functions in AssemblyScript (manifest " + name
                                + ".json).",
                        "import { argString, resultString } from \"flink-wasm-guest\";",
                        "export { alloc, dealloc } from \"flink-wasm-guest\";",
                        "",
                        "// greet(STRING) -> STRING: \"Hello, \" + name.",
                        "export function greet(ptr: i32, len: i32): i64 {",
                        "  return resultString(\"Hello, \" + argString(ptr, len));",
                        "}",
                        "",
                        "// add(INT, INT) -> INT",
                        "export function add(a: i32, b: i32): i32 {",
                        "  return a + b;",
                        "}",
                        ""));
        files.put(
                "build.sh",
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "# Builds " + name + ".wasm with the AssemblyScript compiler (asc) from npm.",
                        "set -e",
                        "cd \"$(dirname \"$0\")\"",
                        "npm install",
                        "npm run build",
                        "echo \"built $(pwd)/" + name + ".wasm\"",
                        ""));
        return files;
    }
}
