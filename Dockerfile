# syntax=docker/dockerfile:1
# resolution-tracker as a container: the one binary (templates, styles, fonts, migrations and the Cẩm Giàng catalog
# are built into it) on a distroless base, run as a non-root user, its SQLite file on a volume.
#
#   docker build -t resolution-tracker .
#   docker run -p 8080:8080 -v tracker-data:/data resolution-tracker
#   docker run -p 8080:8080 -e RT__DATABASE__URL=postgres://tracker@db.example/tracker resolution-tracker
#
# Any setting is an RT__SECTION__KEY variable (docs/operators.md).

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
# The registry and the build folder are cached between builds (BuildKit), so a change to the code alone rebuilds
# only the project's own crate.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin resolution-tracker \
    && cp target/release/resolution-tracker /resolution-tracker \
    && strip /resolution-tracker \
    && mkdir -p /data

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /resolution-tracker /usr/local/bin/resolution-tracker
COPY --from=build --chown=nonroot:nonroot /data /data
ENV RT__SERVER__HOST=0.0.0.0 \
    RT__SERVER__PORT=8080 \
    RT__DATABASE__URL=sqlite:///data/tracker.db \
    RT__LOG__FORMAT=json
VOLUME ["/data"]
USER nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/resolution-tracker"]
CMD ["serve"]
