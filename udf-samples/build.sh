#!/usr/bin/env bash
# Builds every sample guest into udf-samples/plugins/ and every test guest (src/test/wat/*.wat)
# into src/test/wat/*.wasm, beside its source. The built modules are committed, so the normal build
# needs none of this; `mvn verify -Pguests` runs this script with FLINK_WASM_FORCE=true (rebuild
# everything, then the tests run on what was rebuilt). Installs missing toolchains first.
#   c/*.c                    -> plugins/<name>.wasm        (clang, freestanding, sdk/c)
#   wat/*.wat                -> plugins/<name>_wat.wasm    (wat2wasm)
#   rust/<crate>/            -> plugins/<crate>_rust.wasm  (Debian rustc-web, sdk/rust)
#   assemblyscript/assembly/<name>.ts -> plugins/<name>_as.wasm (asc, sdk/assemblyscript)
#   extism/assembly/*.ts     -> plugins/extism_sample.wasm, src/test/resources/extism/*.wasm (asc, @extism/as-pdk)
# Then, when something was rebuilt, check-samples.mjs runs the text samples under node.
# FLINK_WASM_GUESTS="c wat" limits the languages (default: c wat rust assemblyscript).
# FLINK_WASM_FORCE=true rebuilds what is up to date too, and lists the modules whose bytes then
# differ from the committed ones (a newer toolchain may change them; commit them if the tests pass).
set -euo pipefail
shopt -s nullglob
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/plugins"
test_out="$root/src/test/wat"
mkdir -p "$out" "$test_out"

read -r -a langs <<< "${FLINK_WASM_GUESTS:-c wat rust assemblyscript}"
wants() { [[ " ${langs[*]} " == *" $1 "* ]]; }

bash "$here/install-toolchains.sh" "${langs[@]}"

# only rebuild what changed, so repeated builds stay fast
force="${FLINK_WASM_FORCE:-false}"
stale() {
    [ "$force" = true ] || [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" 2>/dev/null | head -1)" ]
}
rebuilt=false
# runs a noisy build quietly; shows its output only when it fails
quiet() {
    local log
    log="$(mktemp)"
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

if wants c; then
    CFLAGS=(--target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--strip-all)
    for src in "$here"/c/*.c; do
        name=$(basename "$src" .c)
        if stale "$out/$name.wasm" "$src" "$here/c" "$here/sdk/c"; then
            clang "${CFLAGS[@]}" -I"$here/c" -I"$here/sdk/c" -o "$out/$name.wasm" "$src"
            rebuilt=true
        fi
    done
fi

if wants wat; then
    for src in "$here"/wat/*.wat; do
        name=$(basename "$src" .wat)
        if stale "$out/${name}_wat.wasm" "$src"; then
            wat2wasm --enable-all -o "$out/${name}_wat.wasm" "$src"
        fi
    done
    if [ -d "$root/src/test/wat" ]; then
        for src in "$root"/src/test/wat/*.wat; do
            name=$(basename "$src" .wat)
            if stale "$test_out/$name.wasm" "$src"; then
                wat2wasm --enable-all -o "$test_out/$name.wasm" "$src"
            fi
        done
    fi
fi

if wants rust; then
    # Debian's rustc-web when installed (std rebuilt from rust-web-src, see cargo-rustc-web.toml),
    # otherwise a stock toolchain that has the wasm32 target (rustup, e.g. on macOS)
    debian_rust=false
    if command -v dpkg-query >/dev/null && dpkg-query -W -f='${Status}' rustc-web 2>/dev/null | grep -q 'ok installed'; then
        debian_rust=true
    fi
    for manifest in "$here"/rust/*/Cargo.toml; do
        crate_dir=$(dirname "$manifest")
        crate=$(basename "$crate_dir")
        if stale "$out/${crate}_rust.wasm" "$crate_dir/src" "$manifest" "$here/sdk/rust" \
            "$here/rust/cargo-rustc-web.toml"; then
            if [ ! -d "$here/rust/target/wasm32-unknown-unknown" ]; then
                echo "building plugins/${crate}_rust.wasm (the first build compiles Rust's std, about a minute)" >&2
            fi
            # the checkout's path is remapped so the module's bytes do not depend on where it lies
            if [ "$debian_rust" = true ]; then
                (cd "$crate_dir" && PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$here/rust/target" \
                    RUSTFLAGS="--remap-path-prefix=$root=." \
                    quiet /usr/bin/cargo --config "$here/rust/cargo-rustc-web.toml" build \
                    --offline --release --target wasm32-unknown-unknown)
            else
                (cd "$crate_dir" && CARGO_TARGET_DIR="$here/rust/target" RUSTFLAGS="--remap-path-prefix=$root=." \
                    quiet cargo build --release --target wasm32-unknown-unknown)
            fi
            cp "$here/rust/target/wasm32-unknown-unknown/release/$crate.wasm" "$out/${crate}_rust.wasm"
            rebuilt=true
        fi
    done
fi

if wants assemblyscript; then
    as_dir="$here/assemblyscript"
    for src in "$as_dir"/assembly/*.ts; do
        name=$(basename "$src" .ts)
        if stale "$out/${name}_as.wasm" "$as_dir/assembly" "$as_dir/asconfig.json" \
            "$as_dir/package-lock.json" "$here/sdk/assemblyscript"; then
            (cd "$as_dir" && quiet node node_modules/assemblyscript/bin/asc.js "assembly/$name.ts" \
                --config asconfig.json --target release -o "$out/${name}_as.wasm")
            rebuilt=true
        fi
    done
fi

# Extism plugins (SPEC section 8), built with Extism's AssemblyScript PDK (@extism/as-pdk, pinned by
# extism/package-lock.json): the sample into plugins/, the test plugins into src/test/resources/extism/.
# Then Extism's own JavaScript host (@extism/extism) runs extism/cases.json and writes the outputs
# that ExtismDifferentialTest compares with ours (src/test/resources/extism/expected.json).
if wants assemblyscript; then
    ex_dir="$here/extism"
    ex_test="$root/src/test/resources/extism"
    if [ ! -d "$ex_dir/node_modules/@extism/as-pdk" ] || [ ! -d "$ex_dir/node_modules/@extism/extism" ]; then
        echo "installing @extism/as-pdk, @extism/extism and assemblyscript (into udf-samples/extism/node_modules)" >&2
        (cd "$ex_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
    ex_rebuilt=false
    build_extism() { # NAME OUT [asc options]
        if stale "$2" "$ex_dir/assembly" "$ex_dir/asconfig.json" "$ex_dir/package-lock.json"; then
            (cd "$ex_dir" && quiet node node_modules/assemblyscript/bin/asc.js "assembly/$1.ts" \
                --config asconfig.json --target release -o "$2" "${@:3}")
            ex_rebuilt=true
        fi
    }
    build_extism sample "$out/extism_sample.wasm"
    build_extism echo "$ex_test/echo.wasm"
    build_extism errors "$ex_test/errors.wasm"
    build_extism spin "$ex_test/spin.wasm"
    build_extism wasi "$ex_test/wasi.wasm" --exportStart _initialize
    if [ "$ex_rebuilt" = true ] || stale "$ex_test/expected.json" "$ex_dir/cases.json" "$ex_dir/differential.mjs"; then
        (cd "$ex_dir" && quiet node differential.mjs)
    fi
fi

if [ "$rebuilt" = true ] && command -v node >/dev/null; then
    node "$here/check-samples.mjs" --quiet
fi

if [ "$force" = true ] && command -v git >/dev/null && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    changed=$(git -C "$root" status --porcelain -- udf-samples/plugins src/test/wat src/test/resources/extism | grep '\.wasm$' || true)
    if [ -n "$changed" ]; then
        echo "rebuilt modules that differ from the committed ones (the tests now run on these):" >&2
        echo "$changed" >&2
    else
        echo "every rebuilt module is identical to the committed one" >&2
    fi
fi
