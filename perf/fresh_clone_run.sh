#!/usr/bin/env bash
# Proof of `make run` on a fresh clone (issue 16): clone, `make run` on port 8650, a clerk
# signs in and asks for an agenda pack with curl, the worker builds it, Ctrl-C stops both.
set -euo pipefail
SRC=${1:?usage: perf/fresh_clone_run.sh REPOSITORY}
WORK=${WORK:-/tmp/cs-fresh-clone}
rm -rf "$WORK" && git clone -q "$SRC" "$WORK" && cd "$WORK"
git log --oneline -1
export DEMO_PASSWORD=fresh-clone-pass-2026 HOST=127.0.0.1:8650
unset DATABASE_URL
setsid make run > $WORK-run.log 2>&1 &
MAKE_PID=$!
BASE=http://127.0.0.1:8650
for i in $(seq 1 900); do curl -sf $BASE/healthz >/dev/null 2>&1 && break; sleep 1; done
echo "server up after ${i}s"
JAR=$WORK.jar; rm -f $JAR
curl -s -c $JAR -b $JAR $BASE/accounts/login/ -o /dev/null
CSRF=$(awk '/csrftoken/ {print $7}' $JAR)
curl -s -c $JAR -b $JAR -o /dev/null -w "login %{http_code}\n" -H "Referer: $BASE/accounts/login/" \
  -d "csrfmiddlewaretoken=$CSRF&username=clerk&password=$DEMO_PASSWORD" $BASE/accounts/login/
for M in $(curl -s -b $JAR $BASE/reports/ | grep -o '/reports/meetings/[0-9]*/' | sort -u); do
  if curl -s -b $JAR $BASE$M | grep -q "Build the agenda pack"; then MEETING=$M; break; fi
done
echo "meeting $MEETING"
CSRF=$(awk '/csrftoken/ {print $7}' $JAR)
PACK=$(curl -s -b $JAR -c $JAR -o /dev/null -w "%{redirect_url}" -H "Referer: $BASE$MEETING" \
  -d "csrfmiddlewaretoken=$CSRF" ${BASE}${MEETING}pack/)
echo "pack $PACK"
START=$(date +%s)
for i in $(seq 1 300); do
  PAGE=$(curl -s -b $JAR "$PACK")
  if grep -q "Download the agenda pack" <<<"$PAGE"; then break; fi
  sleep 1
done
echo "pack ready after $(( $(date +%s) - START ))s"
PDF=$(grep -o '/reports/packs/[0-9]*/pdf/' <<<"$PAGE" | head -1)
curl -s -b $JAR $BASE$PDF -o $WORK-pack.pdf
head -c 5 $WORK-pack.pdf; echo; ls -la $WORK-pack.pdf
kill -INT -- -$MAKE_PID
sleep 8
echo "after Ctrl-C:"
left=0
cd /
for proc in /proc/[0-9]*; do
  if [[ "$(readlink "$proc/cwd" 2>/dev/null)" == "$WORK"* ]]; then
    echo "still running: $(tr '\0' ' ' < "$proc/cmdline")"; left=1
  fi
done
curl -sf $BASE/healthz >/dev/null 2>&1 && { echo "port 8650 still answers"; left=1; }
grep -E "SIGINT|stopped|started" "$WORK-run.log" | tail -6
if [[ $left == 0 ]]; then echo "nothing of the clone still runs"; else exit 1; fi
