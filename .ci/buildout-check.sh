#!/usr/bin/env bash
# Check the buildout install path from scratch, in a temporary directory:
#   clone the repository, make a python3.11 virtualenv with zc.buildout from
#   our pins, run bin/buildout, create the site with the demo data, start the
#   instance and ask it for http://localhost:$PORT/Plone (anonymous) and
#   /Plone/so-khcn (as the demo user thuky).
#
# Usage: .ci/buildout-check.sh [REPO]
#   REPO: a git repository (default: the one holding this script). When it is a
#   work tree, its uncommitted changes are copied over the clone (so a check
#   before a commit checks what you have); COMMITTED_ONLY=1 checks HEAD alone.
# Environment:
#   PYTHON          interpreter (default python3.11)
#   PORT            port of the trial server (default 8111)
#   CHECK_TIMEOUT   seconds for the whole check (default 1800)
#   BUILDOUT_EGGS   eggs directory to reuse between runs (default: a fresh one)
#   KEEP=1          keep the temporary directory (it is printed)
# Needs python3.11, git, curl and the package index; nothing installed by hand.
set -euo pipefail

SOURCE=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PYTHON=${PYTHON:-python3.11}
PORT=${PORT:-8111}
CHECK_TIMEOUT=${CHECK_TIMEOUT:-1800}
DEMO_USER=thuky
DEMO_PASSWORD=eiso2026

STARTED=$SECONDS
WORK=""
SERVER_PID=""

say() { printf '[buildout-check %4ds] %s\n' "$((SECONDS - STARTED))" "$*"; }
fail() { say "FAILED: $*"; exit 1; }

# Seconds left before CHECK_TIMEOUT, capped at $1 for the step at hand. Steps run
# under `timeout --foreground`: in our process group, so Ctrl-C reaches them.
budget() {
    local left=$((CHECK_TIMEOUT - (SECONDS - STARTED)))
    # Out of time: 1 s, so that the step times out and the check fails.
    ((left < 1)) && left=1
    ((left < $1)) && echo "$left" || echo "$1"
}

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        say "stopping the server (process group $SERVER_PID)"
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 40); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_server
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "${KEEP:-0}" = 1 ] || [ "$status" != 0 ]; then
            say "left in $WORK"
            [ "${KEEP:-0}" = 1 ] || say "(remove it with: rm -rf $WORK)"
        else
            rm -rf "$WORK"
        fi
    fi
    if [ "$status" = 0 ]; then
        say "OK: buildout install works (${SECONDS}s)"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Print the last lines of a log after a failure.
show_log() {
    say "last lines of $1:"
    tail -n "${2:-40}" "$1" | sed 's/^/    /'
}

command -v "$PYTHON" >/dev/null || fail "$PYTHON not found"
command -v git >/dev/null || fail "git not found"
command -v curl >/dev/null || fail "curl not found"
if curl -s -o /dev/null --max-time 2 "http://localhost:$PORT/"; then
    fail "something already answers on port $PORT (set PORT)"
fi

# --- 1. a clone of the repository -------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/eiso-buildout.XXXXXX")
REPO=$WORK/eiso
say "cloning $SOURCE into $REPO"
git clone --quiet --no-hardlinks "$SOURCE" "$REPO"
if [ "${COMMITTED_ONLY:-0}" != 1 ] && git -C "$SOURCE" rev-parse --is-inside-work-tree >/dev/null 2>&1 \
    && [ "$(git -C "$SOURCE" rev-parse --is-bare-repository)" = false ]; then
    SOURCE_TOP=$(git -C "$SOURCE" rev-parse --show-toplevel)
    # Not the virtualenv of docs/buildout.md (python3.11 -m venv . at the top).
    not_venv=(':!lib' ':!lib64' ':!include' ':!pyvenv.cfg')
    mapfile -d '' changed < <(git -C "$SOURCE_TOP" ls-files -z --modified --others --exclude-standard \
        -- . "${not_venv[@]}" | sort -zu)
    if [ "${#changed[@]}" -gt 0 ]; then
        say "copying ${#changed[@]} uncommitted file(s) of the work tree (COMMITTED_ONLY=1 to skip)"
        for file in "${changed[@]}"; do
            if [ -e "$SOURCE_TOP/$file" ] || [ -L "$SOURCE_TOP/$file" ]; then
                mkdir -p "$REPO/$(dirname "$file")"
                cp -P "$SOURCE_TOP/$file" "$REPO/$file"
            else
                rm -f "$REPO/$file"  # deleted in the work tree
            fi
        done
    fi
fi
cd "$REPO"
ADMIN=$(sed -n 's/^user *= *//p' buildout.cfg | head -n 1)  # [instance] user
[ -n "$ADMIN" ] || fail "no 'user =' in buildout.cfg"
pins=$("$PYTHON" .ci/versions-from-constraints.py --check) || fail "versions.cfg does not match constraints.txt"
say "$pins"

# --- 2. the virtualenv with zc.buildout, from the pins ----------------------
# No user default.cfg (~/.buildout) may change what is checked.
export BUILDOUT_HOME=$WORK/buildout-home
mkdir -p "$BUILDOUT_HOME"
say "virtualenv ($("$PYTHON" --version)) with $("$PYTHON" .ci/versions-from-constraints.py --bootstrap)"
timeout --foreground -k 30 "$(budget 300)" "$PYTHON" -m venv .
timeout --foreground -k 30 "$(budget 600)" bin/pip install --quiet --disable-pip-version-check \
    $(bin/python .ci/versions-from-constraints.py --bootstrap) > "$WORK/pip.log" 2>&1 \
    || { show_log "$WORK/pip.log"; fail "pip install of zc.buildout"; }

# --- 3. bin/buildout ----------------------------------------------------------
args=("instance:http-address=127.0.0.1:$PORT")
[ -n "${BUILDOUT_EGGS:-}" ] && args+=("buildout:eggs-directory=$BUILDOUT_EGGS")
say "bin/buildout ${args[*]} (a few minutes; full log in $WORK/buildout.log)"
step=$SECONDS
set +e
timeout --foreground -k 30 "$(budget 1500)" bin/buildout "${args[@]}" 2>&1 | tee "$WORK/buildout.log" \
    | awk '/^Got /{ if (++n % 25 == 0) { printf "    %d distributions fetched\n", n; fflush() } }
           /^(Installing|Updating|Develop:|Generated script|While:|Error:)/{ print "    " $0; fflush() }'
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || { show_log "$WORK/buildout.log"; fail "bin/buildout exited with $status"; }
installed=$(grep -c '^Got ' "$WORK/buildout.log" || true)
say "bin/buildout done in $((SECONDS - step))s ($installed distributions fetched)"
for script in bin/instance bin/eiso-create-site bin/eiso-demo-data; do
    [ -x "$script" ] || fail "$script was not generated"
done

# --- 4. the site with the demo data -----------------------------------------
say "bin/eiso-create-site (site 'Plone' with eiso and the demo data)"
step=$SECONDS
timeout --foreground -k 30 "$(budget 600)" bin/eiso-create-site > "$WORK/create-site.log" 2>&1 \
    || { show_log "$WORK/create-site.log"; fail "bin/eiso-create-site"; }
grep '^\[eiso\]' "$WORK/create-site.log" | sed 's/^/    /'
grep -q 'demo data added' "$WORK/create-site.log" || fail "no demo data was added"
say "site created in $((SECONDS - step))s"
[ -s var/filestorage/Data.fs ] || fail "var/filestorage/Data.fs is missing"

# --- 5. the server ------------------------------------------------------------
say "bin/instance console on port $PORT"
setsid bin/instance console > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
step=$SECONDS
wait_for=$(budget 240)
code=000
while ((SECONDS - step < wait_for)); do
    kill -0 "$SERVER_PID" 2>/dev/null || { show_log "$WORK/server.log"; fail "the server stopped"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://localhost:$PORT/Plone" || true)
    [ "$code" = 200 ] && break
    sleep 2
done
[ "$code" = 200 ] || { show_log "$WORK/server.log"; fail "http://localhost:$PORT/Plone answered $code"; }
say "server ready in $((SECONDS - step))s"

# check URL EXPECTED_CODE TEXT [curl options]: status code and a text of the page
check() {
    local url=$1 expected=$2 text=$3 code
    shift 3
    code=$(curl -s -o "$WORK/page.html" -w '%{http_code}' --max-time 60 "$@" "$url" || true)
    [ "$code" = "$expected" ] || fail "$url answered $code, not $expected"
    if [ -n "$text" ]; then
        grep -qF "$text" "$WORK/page.html" || fail "$url has no '$text'"
    fi
    say "ok: $url -> $code${text:+ ('$text')}"
}
check "http://localhost:$PORT/Plone" 200 "Hệ thống ISO điện tử"
check "http://localhost:$PORT/Plone/so-khcn" 200 "Sở Khoa học và Công nghệ" -u "$DEMO_USER:$DEMO_PASSWORD"
check "http://localhost:$PORT/manage_main" 200 "" -u "$ADMIN"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -u "$DEMO_USER:wrong-password" \
    "http://localhost:$PORT/Plone/so-khcn" || true)
[ "$code" != 200 ] || fail "so-khcn answered 200 to a wrong password"
say "ok: a wrong password gets $code"

stop_server
say "server stopped"
