#!/usr/bin/env bash
# Installs the guest toolchains the build needs, from Debian's packages, when they are missing.
# Usage: install-toolchains.sh [c] [wat] [rust] [assemblyscript]   (no argument: c and wat)
set -euo pipefail

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(c wat)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_updated=false
apt_install() {
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
        *)
            echo "unknown toolchain: $t (expected c, wat, rust or assemblyscript)" >&2
            exit 2
            ;;
    esac
done
