# labrun's sandbox of an engine built from its Go sources, where no Debian
# suite packages it yet: the daemon, the CLI, Compose and Buildx built from
# the Go module proxy at the versions engine/engines.txt pins, on the
# suite's containerd and runc, with the same packages and entrypoint as the
# packaged engines' sandboxes (Dockerfile).
ARG SUITE
FROM debian:${SUITE} AS build
ARG SUITE
ARG MIRROR=http://deb.debian.org/debian
ARG GOPROXY
ARG DAEMON
ARG CLI
ARG COMPOSE
ARG BUILDX
# the host's CA certificates (labrun adds them), for a proxy that inspects TLS
COPY build-engine.sh host-ca.crt /
RUN sh /build-engine.sh go
RUN sh /build-engine.sh daemon
RUN sh /build-engine.sh cli
RUN sh /build-engine.sh compose
RUN sh /build-engine.sh buildx
FROM debian:${SUITE}
ARG SUITE
ARG MIRROR=http://deb.debian.org/debian
ARG PACKAGES
ARG CONTAINERD_FIRST=
COPY entrypoint.sh install.sh /usr/local/bin/
RUN sh /usr/local/bin/install.sh && rm /usr/local/bin/install.sh \
 && mv /usr/local/bin/entrypoint.sh /usr/local/bin/labrun-sandbox-entrypoint
COPY --from=build /out/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LABRUN_CONTAINERD_FIRST=${CONTAINERD_FIRST}
WORKDIR /lab
ENTRYPOINT ["/usr/local/bin/labrun-sandbox-entrypoint"]
