#!/usr/bin/env bash
# End-to-end test of __NAME__ in the real host: the packed plugin (a folder with plugin.json and the
# library, from `make pack` or `switchboard plugins pack`) loaded by `switchboard serve`, the fake
# provider beside it, a signed webhook in and an agent's reply out.
# usage: tests/e2e.sh PACKED_PLUGIN_DIR        (switchboard on PATH, or SWITCHBOARD=path)
set -euo pipefail
packed=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
sb=${SWITCHBOARD:-switchboard}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/plugins" && cp -r "$packed" "$work/plugins/__NAME__"
python3 "$here/fake_provider.py" serve 0 e2e-secret > "$work/provider.log" 2>&1 &
"$sb" serve --data "$work/data" --plugins "$work/plugins" --listen 127.0.0.1:0 > "$work/host.log" 2>&1 &
for _ in $(seq 200); do grep -q "^switchboard listening on" "$work/host.log" && grep -q "fake provider on" "$work/provider.log" && break; sleep 0.1; done
host=$(sed -n 's/^switchboard listening on \(http[^ ]*\).*/\1/p' "$work/host.log")
provider=$(sed -n 's/.*fake provider on \(http[^ ]*\).*/\1/p' "$work/provider.log")
[ -n "$host" ] && [ -n "$provider" ] || { echo "e2e: FAIL: the host or the fake provider did not start"; cat "$work"/*.log; exit 1; }
key=$(cat "$work/data/admin.key")
"$sb" credentials set e2e-secret --secret e2e-secret --url "$host" --data "$work/data" > /dev/null
"$sb" channels add e2e --plugin __NAME__ --url "$host" --data "$work/data" \
  --config "{\"provider_url\": \"$provider\", \"secret_credential\": \"e2e-secret\"}" > /dev/null
python3 "$here/fake_provider.py" send "$host/hooks/e2e/messages" e2e-secret m-1 ann "Hello" | grep -q '^200 '
conversation=$(curl -sf -H "Authorization: Bearer $key" "$host/api/v1/conversations" |
               python3 -c 'import json, sys; print(json.load(sys.stdin)["conversations"][0]["id"])')
curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"text": "Hi Ann"}' \
     "$host/api/v1/conversations/$conversation/messages" > /dev/null
for _ in $(seq 100); do curl -s "$provider/messages" | grep -q '"Hi Ann"' && break; sleep 0.1; done
curl -s "$provider/messages" | python3 -c 'import json, sys; sys.exit(not any(m["to"] == "ann" and m["text"] == "Hi Ann" for m in json.load(sys.stdin)))' ||
  { echo "e2e: FAIL: the reply never reached the provider"; exit 1; }
echo "e2e: OK: a signed webhook in, the reply out through $provider"
