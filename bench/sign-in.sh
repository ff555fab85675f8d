#!/usr/bin/env bash
# Prints the session cookie (name=value) of a staff member signed in through the sign-in form,
# as a browser does it: the form first (its token and its cookie), then the post.
# Usage: bench/sign-in.sh BASE_URL USERNAME PASSWORD
set -euo pipefail
base=$1 user=$2 password=$3
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -o /dev/null -D - -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "username=$user" --data-urlencode "password=$password" \
    "$base/login" | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && $2 ~ /^onedoor_session=/ {print $2; exit}'
