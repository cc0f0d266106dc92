# syntax=docker/dockerfile:1
# plimsoll in a container: a static binary on an empty base image, run as a
# non-root user.
#   docker build -t plimsoll .
#   docker run --rm -v "$PWD:/src:ro" plimsoll            # lints the current folder
# The build stage compiles with Debian's toolchain; only the binary ships.

FROM debian:12-slim AS build
# plimsoll ignore=DL3008 reason=build tools follow Debian 12's point releases, and none of them ships
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      cmake gcc libc6-dev make pkg-config libyaml-dev libpcre2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY include/ include/
COPY rules/ rules/
COPY src/ src/
COPY tools/ tools/
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPL_TESTS=OFF -DPL_STATIC=ON \
 && cmake --build build --target plimsoll -j"$(nproc)" \
 && strip build/plimsoll \
 && build/plimsoll --version

FROM scratch
COPY --from=build /src/build/plimsoll /usr/local/bin/plimsoll
USER 65532:65532
WORKDIR /src
# A linter runs and exits: there is no service to check.
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/plimsoll"]
