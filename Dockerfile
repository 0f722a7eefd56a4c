# bantin as a container image: built on the Rust image, run on a distroless
# base (glibc and CA certificates, no shell, no package manager) as the
# unprivileged user `nonroot` (65532). `docker build -t bantin .`

# The toolchain the project builds with (rust-version in Cargo.toml is the floor).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
# Cached registry and target folders make a rebuild after a code change
# take minutes, not the whole dependency tree again.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin bantin \
    && cp target/release/bantin /usr/local/bin/bantin \
    && mkdir -p /data

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/bin/bantin /usr/local/bin/bantin
# The working folder holds the SQLite file, its JWT secret and the media
# library when no database or store is configured: a volume keeps them.
COPY --from=build --chown=65532:65532 /data /data
WORKDIR /data
VOLUME ["/data"]
ENV BANTIN_BIND=0.0.0.0:8080
EXPOSE 8080
# `nonroot` of the distroless image, by number: volume owners and
# Kubernetes' runAsNonRoot check see the id, not the name.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/bantin"]
CMD ["serve"]
