#!/bin/bash
# Before and after in one run, three times each, interleaved (this machine is shared and noisy):
# the in-process benchmark of a build from before the change (BEFORE_BENCH) and of this one,
# then the HTTP load test against both servers, with and without a browser's Accept-Encoding.
# See BENCHMARKS.md. Build first:
#   cargo build --release --bin vagvisare --example load_search
#   cargo build --release -p vagvisare-search --example bench
# and the before binaries from the older commit into target/before/{bench,vagvisare}.
set -u
OUT=${OUT:-target/bench}
BEFORE_BENCH=${BEFORE_BENCH:-target/before/bench}
BEFORE_SERVER=${BEFORE_SERVER:-target/before/vagvisare}
ROUNDS=${ROUNDS:-40}
SECONDS_HTTP=${SECONDS_HTTP:-20}
mkdir -p "$OUT"
for i in 1 2 3; do
  for who in before after; do
    bin=target/release/examples/bench
    [ $who = before ] && bin=$BEFORE_BENCH
    echo "== in process, $who, run $i ($(uptime | sed 's/.*load/load/'))"
    $bin --cases search/relevance.toml --rounds "$ROUNDS" > "$OUT/$who-$i.txt" 2>&1
  done
done
serve() { # binary port
  D=$(mktemp -d)
  printf 'data-dir = "%s"\n' "$D" > "$D/c.toml"
  VAGVISARE_LOG=warn "$1" --config "$D/c.toml" serve --addr "127.0.0.1:$2" > "$D/log" 2>&1 &
  PID=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$2/healthz" > /dev/null && break; sleep 0.05; done
}
for i in 1 2 3; do
  for who in before after; do
    bin=target/release/vagvisare
    [ $who = before ] && bin=$BEFORE_SERVER
    for enc in plain gzip; do
      serve "$bin" 18480
      echo "== HTTP, $who, $enc, run $i ($(uptime | sed 's/.*load/load/'))"
      target/release/examples/load_search http://127.0.0.1:18480 64 "$SECONDS_HTTP" 1 0 $enc \
        | tee "$OUT/http-$who-$enc-$i.txt"
      kill "$PID"; wait "$PID" 2> /dev/null; rm -rf "$D"
    done
  done
done
