# netdata-cloud-doctor: the sidecar image.
#
#   scripts/image [--tag T] [--base IMAGE]     prepares the build context and builds this file (the usual way)
#
# The build needs no network at all (scripts/image runs it with `docker build --network none`): every npm
# package comes from npm's cache in the context (.cache/npm, filled by scripts/image from package-lock.json),
# installed by an npm CLI that is in the context too (.cache/image/npm.tgz, `npm pack npm@11`), so a base
# image without npm works (the test bed's Node 24 base is Debian + the official node binary only).
#
# NODE_IMAGE is any Debian-based image with Node >= 22 on PATH as `node`; the default is the official
# node:24-bookworm-slim. Runtime: the doctor bundled into dist/cli/run.js (scripts/bundle.mjs), production dependencies, as uid 10001,
# friendly to a read-only root filesystem (it writes nothing), no curl (the HEALTHCHECK is the doctor itself).

ARG NODE_IMAGE=node:24-bookworm-slim

# --- npm: the CLI and the offline package cache, shared by the two install stages -------------------------
FROM ${NODE_IMAGE} AS npm
# ADD unpacks a local tarball: npm's own package, with its dependencies bundled.
ADD .cache/image/npm.tgz /opt/npm/
COPY .cache/npm /var/cache/npm
WORKDIR /build
COPY package.json package-lock.json ./
# --offline: a package missing from the cache fails the build instead of reaching for the registry.
# --ignore-scripts: no install script runs (the optional native parts of ssh2/cpu-features are not needed).
ENV NPM_CONFIG_OFFLINE=true \
    NPM_CONFIG_CACHE=/var/cache/npm \
    NPM_CONFIG_IGNORE_SCRIPTS=true \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_LOGLEVEL=warn

# --- build: every dependency, then the doctor bundled into one file, dist/cli/run.js ----------------------
# (scripts/bundle.mjs: esbuild; one file instead of ~400 module files, CommonJS, the unused parts of the
# dependencies left out until first use: ~14 MB less RSS than tsc's output, bench/results.md)
FROM npm AS build
RUN node /opt/npm/package/bin/npm-cli.js ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs ./scripts/bundle.mjs
COPY src ./src
RUN node scripts/bundle.mjs \
 && test -f dist/cli/run.js

# --- prod: production dependencies only (independent of src/, so cached across code changes). The bundle
# holds what the doctor runs; node_modules is for what it loads only on first use (undici's entry points,
# pino-pretty, ssh2 for ssh:// engines, ...: scripts/bundle.mjs) ----------------------------------------
FROM npm AS prod
RUN node /opt/npm/package/bin/npm-cli.js ci --omit=dev \
 && rm -f node_modules/.package-lock.json

# --- runtime ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}

ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=https://github.com/netdata/netdata-cloud-doctor
LABEL org.opencontainers.image.title="netdata-cloud-doctor" \
      org.opencontainers.image.description="Tells whether each Netdata Agent container is claimed and connected to Netdata Cloud, and when it is not, why, with the fix" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.documentation="${SOURCE}#readme" \
      org.opencontainers.image.licenses="GPL-3.0-or-later" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"

# A fixed non-root uid/gid, so that compose's group_add (the Docker socket's group) or a socket proxy is all
# it takes to reach the engine. No home directory: the doctor reads ~/.docker only for a Docker context.
RUN groupadd --system --gid 10001 doctor \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin doctor

WORKDIR /app
COPY --from=prod /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY docs ./docs
# `netdata-cloud-doctor` on PATH, for ENTRYPOINT, HEALTHCHECK and `docker exec <c> netdata-cloud-doctor check`.
# /var/lib/netdata-cloud-doctor: where DOCTOR_STATE_DIR points in the compose example; a named volume mounted
# there starts with this owner, so the non-root doctor can keep its history in it (the root stays read-only).
RUN ln -s /app/bin/netdata-cloud-doctor /usr/local/bin/netdata-cloud-doctor \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/netdata-cloud-doctor \
 && netdata-cloud-doctor --version

# Memory (measured in bench/, results.md): V8's young generation otherwise grows to 16 MB semispaces, and
# glibc gives each thread that allocates its own malloc arena, kept after a busy pass; the doctor needs
# neither. bin/netdata-cloud-doctor (the ENTRYPOINT) adds V8 flags that NODE_OPTIONS does not accept.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=1 \
    MALLOC_ARENA_MAX=2
USER 10001:10001
EXPOSE 19998
# serve exits 0 within 2 s of SIGTERM. Node as PID 1 handles it (the doctor installs its own handlers and
# starts no child processes); `init: true` / `docker run --init` adds an init all the same.
STOPSIGNAL SIGTERM
# The doctor asks its own serve (DOCTOR_LISTEN: set the address through the environment, not --listen, so
# that this check asks the same one): 0 while every agent passes or warns, 1 otherwise.
HEALTHCHECK --interval=30s --timeout=6s --start-period=30s --retries=3 \
  CMD ["netdata-cloud-doctor", "healthcheck"]
ENTRYPOINT ["netdata-cloud-doctor"]
CMD ["serve"]
