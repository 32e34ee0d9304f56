# syntax=docker/dockerfile:1
# GIL Lab in a container:  docker build -t gil-lab .  &&  docker run -p 8080:8080 -v gil-lab-data:/app/data gil-lab
# Settings come from the environment (Spring's relaxed binding), e.g.
#   docker run -p 9090:9090 -e SERVER_PORT=9090 -e GILLAB_CORES_SAMPLE_PERIOD=250ms \
#              -e JAVA_OPTS="-XX:MaxRAMPercentage=75" -v "$PWD/lessons:/app/lessons:ro" gil-lab
# Per-core charts show the cores the kernel reports in /proc/stat: all of the host's, whatever --cpus says.

# --- Build: Maven's own image with a JDK 25 -----------------------------------------------------------------
# The repository's ./mvnw runs an installed Maven rather than downloading one, so an image that already has Maven
# and a JDK 25 is the simplest robust choice: nothing to install, and `mvn package` is the same command CI runs.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
# Everything the build reads (pom.xml, src/, frontend-static/); .dockerignore keeps target/ and .git/ out.
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
# Tests run in CI (.ci/run), browser tests included; the image build only packages.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests package \
 && cp target/gil-lab-*.jar /build/app.jar

# --- Run: a JRE 25 ----------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre
# curl: for the HEALTHCHECK below (the JRE image has neither curl nor wget, and without a JDK's compiler a Java
# one-liner is not an option). python3 calibrates the emulated bytecodes against real CPython and runs every
# scenario's Python program beside the emulation; python3-gevent runs the greenlet scenarios' programs with gevent
# (without it they run on asyncio). A free-threaded or 3.14 build is added by a derived image (README, Docker).
# One apt step on this Ubuntu-based image; the lists are removed to keep the layer small.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl python3 python3-gevent \
 && rm -rf /var/lib/apt/lists/*
# The app never needs root: a system user of its own, with no login shell. It gets a home because JNA (which OSHI
# uses to reach the OS) unpacks its native library under ~/.cache when it can; /app itself stays read-only to it.
RUN useradd --system --uid 10001 --create-home --home-dir /home/gillab --shell /usr/sbin/nologin gillab
WORKDIR /app
COPY --from=build /build/app.jar /app/app.jar
# Lessons are plain files so that instructors can replace them with a volume on /app/lessons.
COPY lessons/ /app/lessons/
# The data folder: the embedded database (classes, members, their settings), a generated instructor password's
# hash and the machine measurement kept for restarts. The one folder the app writes; a volume, so that a new
# container keeps the classes, the password and the measurement.
RUN mkdir /app/data && chown gillab: /app/data
VOLUME ["/app/data"]
USER gillab

ENV SERVER_PORT=8080 \
    GILLAB_LESSONS_DIR=/app/lessons \
    GIL_LAB_DATA_DIR=/app/data \
    GILLAB_CORES_SAMPLE_PERIOD=100ms \
    JAVA_OPTS=""
EXPOSE 8080
# Shell form so that a changed SERVER_PORT is honoured; -f turns an HTTP error (503 when DOWN) into a failure.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health" > /dev/null || exit 1
# sh expands JAVA_OPTS; exec makes java PID 1 so that `docker stop` reaches Spring's graceful shutdown.
# Arguments after the image name are passed on to the app (e.g. --spring.profiles.active=demo).
# --enable-native-access: OSHI reaches the OS through JNA, which the JDK otherwise warns about.
ENTRYPOINT ["sh", "-c", "exec java --enable-native-access=ALL-UNNAMED $JAVA_OPTS -jar /app/app.jar \"$@\"", "--"]
