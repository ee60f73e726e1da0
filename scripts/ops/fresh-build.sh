#!/usr/bin/env bash
# The README's run command needs nothing but Rust and a C compiler: this builds every crate
# whose build script needs or may use another tool (opusic-sys: cmake; etcd-client: protoc;
# openh264-sys2: nasm, optional) from
# scratch, in a target directory of its own, with cmake, protoc and ninja hidden from PATH.
# (A whole `cargo run --release -p liveroom` in a fresh root is the same build plus ~10
# minutes on 2 cores; the crates below are the only ones that ever asked for those tools.)
set -euo pipefail
cd "$(dirname "$0")/../.."

hidden=(cmake protoc ninja nasm)
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
# A PATH with every tool the machine has, except the hidden ones.
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    name=${f##*/}
    [ -x "$f" ] && [ ! -e "$shim/$name" ] || continue
    case " ${hidden[*]} " in *" $name "*) continue ;; esac
    ln -s "$f" "$shim/$name"
  done
done
for tool in "${hidden[@]}"; do
  if PATH="$shim" command -v "$tool" >/dev/null; then
    echo "fresh-build: $tool is still on the shim PATH" >&2
    exit 1
  fi
done

target=target/fresh-build
rm -rf "$target"
echo "building opusic-sys and etcd-client with ${hidden[*]} hidden from PATH"
env -u PROTOC PATH="$shim" cargo build --quiet --target-dir "$target" -p opusic-sys -p etcd-client -p openh264-sys2
rm -rf "$target"
echo "fresh-build: ok"
