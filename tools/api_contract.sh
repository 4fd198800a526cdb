#!/usr/bin/env bash
# make api-test: the API against its own OpenAPI schema with schemathesis.
# Starts the app on a free 127.0.0.1 port with a throwaway SQLite database
# loaded with the demo, makes keys with `api_key create`, runs schemathesis
# as a client contact and as finance, and stops the server. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
EXAMPLES=${API_TEST_EXAMPLES:-10}
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A throwaway embedded run: SQLite, eager Celery, console mail, media in $work.
export MOTOUKE_VAR_DIR="$work" DATABASE_URL="" EMBEDDED=1 DEBUG=0 \
  API_RATE_LIMIT="100000/min" CELERY_BROKER_URL="" LOG_LEVEL=ERROR
unset DATABASE_URL
port=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "API contract test on 127.0.0.1:$port (database in $work)"
started=$(date +%s)
"$BIN/python" manage.py migrate --noinput >"$work/setup.log"
"$BIN/python" manage.py seed_demo >>"$work/setup.log"
echo "Demo database ready in $(( $(date +%s) - started )) s"
client_key=$("$BIN/python" manage.py api_key create client-a --name schemathesis --scope write 2>/dev/null)
finance_key=$("$BIN/python" manage.py api_key create finance --name schemathesis --scope write 2>/dev/null)

"$BIN/gunicorn" enterprise.wsgi --bind "127.0.0.1:$port" --workers 2 --timeout 60 \
  --log-level warning >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.5
done

schema="http://127.0.0.1:$port/api/schema/?format=json"
status=0
for who in client finance; do
  key_var="${who}_key"
  echo "=== schemathesis as $who ==="
  "$BIN/schemathesis" run "$schema" \
    --header "Authorization: Bearer ${!key_var}" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --max-examples "$EXAMPLES" --phases examples,fuzzing \
    --seed 20261206 --no-color --request-timeout 30 \
    --generation-database none --workers 2 || status=1
done
if [ "$status" != 0 ]; then
  echo "--- server log ---"; tail -n 80 "$work/server.log"
fi
exit "$status"
