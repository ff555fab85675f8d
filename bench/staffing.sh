#!/usr/bin/env bash
# Staffing simulator timings (issue 18 §6, performance): one simulated day of a district hall
# laid out as 50 comprehensive windows (goal: < 1 s), and the whole study of bench/staffing-50.txt
# (windows found for both layouts by Erlang C and by simulation, 20 days each), then the
# command's own report. Release build.
# Usage: bench/staffing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
"$bin" bench staffing bench/staffing-50.txt --windows 50
echo
"$bin" simulate-staffing --table bench/staffing-50.txt --target-minutes 10 --shape lognormal --variation 0.8 --comprehensive 50
