# syntax=docker/dockerfile:1
# wave3 and rl-balancer in one image: build both in release with the Swift standard library linked
# statically, then copy them into a slim Debian with only the shared libraries they load
# (Tests/Deployment/test_runtime_libraries.py keeps that list exact). See docs/deployment.md.

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libsqlite3-dev libssl-dev zlib1g-dev libhiredis-dev librabbitmq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
# Resolve dependencies in their own layer so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Benchmarks ./Benchmarks
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product wave3 \
    && swift build -c release --static-swift-stdlib --product rl-balancer \
    && mkdir -p /staging/bin \
    && cp "$(swift build -c release --show-bin-path)/wave3" "$(swift build -c release --show-bin-path)/rl-balancer" /staging/bin/

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=dev
LABEL org.opencontainers.image.title="wave3" \
      org.opencontainers.image.description="Wave 3 learning-platform API (wave3) and its reinforcement-learning load balancer (rl-balancer)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://example.org/wave3"
# The Debian packages that provide exactly the shared libraries `ldd` lists for the release binaries
# (the Swift runtime is linked statically); Tests/Deployment/test_runtime_libraries.py checks the list
# against the binaries built in the same run. ca-certificates is the trust store for TLS to managed
# databases, not a library.
ARG RUNTIME_LIBRARIES="libc6 libgcc-s1 libstdc++6 zlib1g librabbitmq4 libssl3 libhiredis0.14"
# hadolint ignore=DL3008,SC2086
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       ca-certificates ${RUNTIME_LIBRARIES} \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 wave3 \
    && useradd --system --uid 10001 --gid wave3 --home-dir /app --shell /usr/sbin/nologin wave3
WORKDIR /app
COPY --from=build /staging/bin/ /usr/local/bin/
COPY --chown=root:root Public ./Public
COPY --chown=root:root migrations ./migrations
RUN mkdir -p /app/data && chown wave3:wave3 /app/data
USER 10001:10001
ENV WAVE3_PUBLIC_DIR=/app/Public \
    WAVE3_MIGRATIONS_DIR=/app/migrations \
    WAVE3_LOG_FORMAT=json
EXPOSE 8080 9090
# No curl in the image (it would add packages beyond the libraries): bash's /dev/tcp asks for the
# liveness endpoint of the process on port 8080 (rl-balancer's compose/k8s definitions override this).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["wave3"]
CMD ["serve", "--hostname", "0.0.0.0", "--port", "8080"]
