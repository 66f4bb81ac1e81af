#!/bin/sh
# labrun: Compose v2 is not in this sandbox; docker-compose v1 runs "docker compose".
if [ "$1" = compose ]; then shift; exec docker-compose "$@"; fi
exec /usr/bin/docker "$@"
