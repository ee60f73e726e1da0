# syntax=docker/dockerfile:1
#
# liveroom container image. Build (BuildKit, Docker 23+ or Podman / Buildah):
#
#   docker build -t liveroom:0.1.0 .                       # the server (default target)
#   docker build --target loadtest -t liveroom-load:0.1.0 .  # the load generator (k8s/loadtest)
#
# Stages: `build` compiles the workspace in release mode with cargo; `base` is Debian
# bookworm-slim with an unprivileged user; `runtime` (the default, last stage) adds only
# the liveroom binary. The browser SDK and the demo are embedded in the binary at compile
# time (services/gateway/build.rs reads web/sdk/dist and web/demo), so no web files are
# copied into the image. The binary needs nothing but glibc from the base image:
# scripts/ops-check.sh proves that by running it in a bare debootstrap'd bookworm root.

# Policy scan (checkov, scripts/ops-check.sh) findings accepted:
# checkov:skip=CKV_DOCKER_7: the FROM lines use ARGs whose defaults are fixed version tags (rust:1.95-slim-bookworm, debian:bookworm-slim); checkov does not expand ARGs
# checkov:skip=CKV_DOCKER_2: no HEALTHCHECK: the slim image has no HTTP client, and Kubernetes ignores HEALTHCHECK in favour of the /healthz and /readyz probes in k8s/liveroom/statefulset.yaml
ARG RUST_IMAGE=docker.io/library/rust:1.95-slim-bookworm
ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${RUST_IMAGE} AS build
# The build needs nothing beyond the Rust image: protoc comes from a crate and libopus is
# compiled with cc (third_party/*/PATCHES.md).
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked -p liveroom -p liveroom-loadtests \
 && install -D -m 0755 target/release/liveroom /out/liveroom \
 && install -D -m 0755 target/release/liveroom-load /out/liveroom-load

FROM ${RUNTIME_IMAGE} AS base
# A fixed uid/gid so Kubernetes' runAsUser / fsGroup can name it (k8s/ uses 10001).
RUN groupadd --system --gid 10001 liveroom \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin liveroom
# In a container the loopback defaults are useless: the image's default configuration
# listens on every interface and logs JSON. It is a file named by LIVEROOM_CONFIG (the
# --config flag's variable), not LIVEROOM_<SECTION>__<KEY> variables, which this version
# of liveroom ignores. `--config FILE` (as k8s/ passes) replaces it.
COPY deploy/container/liveroom-image.toml /etc/liveroom/liveroom.toml
ENV LIVEROOM_CONFIG=/etc/liveroom/liveroom.toml

# The load generator (liveroom-load) plus socat: liveroom-load only targets loopback, so
# the Kubernetes Job runs socat as a sidecar that forwards 127.0.0.1:8080 to the cluster.
FROM base AS loadtest
# DL3008: as above, the suite is the pin.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends socat \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/liveroom-load /usr/local/bin/liveroom-load
COPY --from=build /out/liveroom /usr/local/bin/liveroom
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/liveroom-load"]

FROM base AS runtime
COPY --from=build /out/liveroom /usr/local/bin/liveroom
# server.data_dir of the image's configuration: rooms and settings of `liveroom serve`.
RUN install -d -o 10001 -g 10001 -m 0700 /var/lib/liveroom
VOLUME /var/lib/liveroom
USER 10001:10001
EXPOSE 8080/tcp 9000/udp 9000/tcp 1935/tcp
ENTRYPOINT ["/usr/local/bin/liveroom"]
CMD ["serve"]
