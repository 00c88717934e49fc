#!/usr/bin/env bash
# Builds every sample guest into udf-samples/plugins/ and every test guest (src/test/wat/*.wat)
# into target/test-wasm/. Installs missing toolchains first. Run by `mvn generate-resources`.
set -euo pipefail
shopt -s nullglob
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/plugins"
test_out="$root/target/test-wasm"
mkdir -p "$out" "$test_out"

bash "$here/install-toolchains.sh" c wat

# only rebuild what changed, so repeated builds stay fast
stale() { [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" 2>/dev/null | head -1)" ]; }

CFLAGS=(--target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--strip-all)
for src in "$here"/c/*.c; do
    name=$(basename "$src" .c)
    if stale "$out/$name.wasm" "$src" "$here/c"; then
        clang "${CFLAGS[@]}" -I"$here/c" -o "$out/$name.wasm" "$src"
    fi
done

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
