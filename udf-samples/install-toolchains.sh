#!/usr/bin/env bash
# Installs the guest toolchains that `mvn verify -Pguests` (udf-samples/build.sh) needs, from
# Debian's packages, when they are missing. Elsewhere (macOS), install them by hand first: README,
# "Building and testing"; what is found on PATH is used and nothing is installed.
# Usage: install-toolchains.sh [c] [wat] [rust] [assemblyscript]   (no argument: c and wat)
# rust: Debian's rustc-web 1.9x with its std sources and wasm-ld-22 (needs bookworm-security).
# assemblyscript: npm ci in udf-samples/assemblyscript (registry.npmjs.org), pinned by package-lock.json.
set -euo pipefail

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(c wat)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_updated=false
apt_install() {
    if ! command -v apt-get >/dev/null; then
        echo "missing toolchain for: $* (no apt-get here: install it by hand, see README, \"Building and testing\")" >&2
        exit 1
    fi
    if [ "$apt_updated" = false ]; then
        $SUDO apt-get update -qq
        apt_updated=true
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

for t in "${want[@]}"; do
    case "$t" in
        c)
            if ! command -v clang >/dev/null || ! command -v wasm-ld >/dev/null; then
                echo "installing clang and lld (C to WebAssembly)" >&2
                apt_install clang lld
            fi
            ;;
        wat)
            if ! command -v wat2wasm >/dev/null; then
                echo "installing wabt (WAT to WebAssembly)" >&2
                apt_install wabt
            fi
            ;;
        rust)
            # Debian's newer Rust (bookworm-security). There is no prebuilt wasm32 std for it, so
            # std is rebuilt from rust-web-src (build-std) and linked with wasm-ld-22.
            # A stock toolchain with the wasm32 target (rustup: macOS, or anywhere) is used as it is.
            if command -v rustc >/dev/null && ! command -v dpkg-query >/dev/null \
                && [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
                :
            elif ! dpkg-query -W -f='${Status}' rustc-web 2>/dev/null | grep -q 'ok installed' \
                || [ ! -d /usr/lib/rustlib/src/rust/library/vendor ] || ! command -v wasm-ld-22 >/dev/null; then
                echo "installing rustc-web, cargo-web, rust-web-src and lld-22 (Rust to WebAssembly)" >&2
                apt_install rustc-web cargo-web rust-web-src lld-22
            fi
            ;;
        assemblyscript)
            # A local npm install pinned by udf-samples/assemblyscript/package-lock.json.
            as_dir="$(cd "$(dirname "$0")" && pwd)/assemblyscript"
            if ! command -v npm >/dev/null; then
                echo "installing nodejs and npm (AssemblyScript compiler)" >&2
                apt_install nodejs npm
            fi
            if [ ! -x "$as_dir/node_modules/.bin/asc" ]; then
                echo "installing assemblyscript from npm (into udf-samples/assemblyscript/node_modules)" >&2
                (cd "$as_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
            fi
            ;;
        *)
            echo "unknown toolchain: $t (expected c, wat, rust or assemblyscript)" >&2
            exit 2
            ;;
    esac
done
