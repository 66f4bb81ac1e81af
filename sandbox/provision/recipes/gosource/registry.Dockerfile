# registry:3 where no registry answers: the CNCF Distribution registry,
# built from its source on the Go module proxy as one static binary on
# scratch, with the official image's configuration, listening on :5000.
ARG BASE
FROM ${BASE} AS build
ARG SUITE
ARG MIRROR
ARG GOPROXY
ARG VERSION
COPY build.sh host-ca.crt /
RUN sh /build.sh github.com/distribution/distribution/v3 "$VERSION" github.com/distribution/distribution/v3/cmd/registry \
 && mkdir -p /out/etc/distribution /out/var/lib/registry /out/tmp && chmod 1777 /out/tmp
COPY registry.yml /out/etc/distribution/config.yml
FROM scratch
COPY --from=build /out/ /
EXPOSE 5000
VOLUME /var/lib/registry
ENTRYPOINT ["/bin/registry", "serve"]
CMD ["/etc/distribution/config.yml"]
