#!/usr/bin/env bash
# Generates the JSON API's server code and JSON document from Sources/OneDoorAPI/openapi.yaml
# (ADR 0016): Sources/OneDoorAPI/Generated/*.swift (types and server) with swift-openapi-generator's
# command-line tool, Sources/OneDoorAPI/openapi.json with tools/openapi's openapi-json, and
# Tests/OneDoorAPIClientTests/Generated/*.swift (types and client, for the typed API tests).
#   tools/openapi/generate.sh          regenerate after changing openapi.yaml or its config
#   tools/openapi/generate.sh --check  fail if the committed files differ from a fresh generation (CI)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
api="$root/Sources/OneDoorAPI"
scratch="$root/.build-openapi"
mode=${1:-write}

swift build --package-path tools/openapi --scratch-path "$scratch" \
    --product swift-openapi-generator >/dev/null
swift build --package-path tools/openapi --scratch-path "$scratch" --product openapi-json >/dev/null
bin=$(swift build --package-path tools/openapi --scratch-path "$scratch" --show-bin-path)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin/swift-openapi-generator" generate \
    --config "$root/tools/openapi/openapi-generator-config.yaml" \
    --output-directory "$out/Generated" "$api/openapi.yaml" >/dev/null
"$bin/swift-openapi-generator" generate \
    --config "$root/tools/openapi/openapi-client-config.yaml" \
    --output-directory "$out/Client" "$api/openapi.yaml" >/dev/null
"$bin/openapi-json" "$api/openapi.yaml" "$out/openapi.json"
clients="$root/Tests/OneDoorAPIClientTests/Generated"

if [ "$mode" = "--check" ]; then
    status=0
    diff -r "$api/Generated" "$out/Generated" >/dev/null || status=1
    diff -r "$clients" "$out/Client" >/dev/null || status=1
    diff -u "$api/openapi.json" "$out/openapi.json" >/dev/null || status=1
    if [ $status -ne 0 ]; then
        echo "the generated API code or openapi.json is out of date: run tools/openapi/generate.sh" >&2
        exit 1
    fi
    echo "generated API code and openapi.json match openapi.yaml"
else
    rm -rf "$api/Generated" "$clients"
    cp -R "$out/Generated" "$api/Generated"
    mkdir -p "$(dirname "$clients")"
    cp -R "$out/Client" "$clients"
    cp "$out/openapi.json" "$api/openapi.json"
    echo "wrote Sources/OneDoorAPI/Generated/*.swift, Sources/OneDoorAPI/openapi.json and Tests/OneDoorAPIClientTests/Generated/*.swift"
fi
