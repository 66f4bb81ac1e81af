# docker/dockerfile:1 where no registry answers: the Dockerfile frontend
# that a `# syntax=docker/dockerfile:1` line makes BuildKit run, built from
# the BuildKit labrun is built with, on the Go module proxy, as one static
# binary with the official image's labels.
ARG BASE
FROM ${BASE} AS build
ARG VERSION
ARG SUITE
ARG MIRROR
ARG GOPROXY
COPY build.sh host-ca.crt /
RUN sh /build.sh github.com/moby/buildkit "$VERSION" github.com/moby/buildkit/frontend/dockerfile/cmd/dockerfile-frontend
FROM scratch
COPY --from=build /out/bin/dockerfile-frontend /bin/dockerfile-frontend
LABEL moby.buildkit.frontend.network.none="true" \
      moby.buildkit.frontend.caps="moby.buildkit.frontend.inputs,moby.buildkit.frontend.subrequests,moby.buildkit.frontend.contexts,moby.buildkit.frontend.gitquerystring,moby.buildkit.frontend.contexts.zstd"
ENTRYPOINT ["/bin/dockerfile-frontend"]
