# vouch's container image: Alpine (a shell, as GitLab's Docker executor needs) with a
# static vouch on the PATH. Sites' CI jobs can use it as `image:` (docs/gitlab.md).
#
#   docker build -t vouch .                        # compiles vouch from this checkout
#   docker buildx build --platform linux/amd64,linux/arm64 \
#     --build-arg VOUCH_FROM=release .             # the release job: dist/<arch>/vouch, as built
#                                                  # by .gitlab-ci.yml's `binary` jobs
ARG VOUCH_FROM=source

FROM rust:1-alpine AS source
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN CARGO_PROFILE_RELEASE_STRIP=true cargo build --release --locked \
    && cp target/release/vouch /vouch

FROM scratch AS release
ARG TARGETARCH
COPY dist/${TARGETARCH}/vouch /vouch

FROM ${VOUCH_FROM} AS binary

FROM alpine:3.22
COPY --from=binary /vouch /usr/local/bin/vouch
WORKDIR /site
CMD ["vouch", "--help"]
