#!/bin/sh
# The ledger over HTTP with nothing but curl (and sed): what a PHP or Java system does.
#
#   umkm-ledger token issue siti@petugas        # an officer: registers, enrols, proposes
#   umkm-ledger token issue herman@kepala-dinas # the head of the dinas: plans, approves
#   umkm-ledger token issue sidt@consumer       # a national system: follows the feed
#   umkm-ledger serve &
#   BASE=http://127.0.0.1:8000 OFFICER=ulk_... HEAD=ulk_... FEED=ulk_... sh examples/curl_client.sh
#
# Every command sends an Idempotency-Key: run the script twice and nothing is recorded
# twice (each command answers its first result). RUN names this run's keys.
set -eu
: "${BASE:?the service, e.g. http://127.0.0.1:8000}"
: "${OFFICER:?a petugas token}" "${HEAD:?a kepala-dinas token}" "${FEED:?a consumer token}"
RUN=${RUN:-demo}

# Each token goes to curl in a header file, never on its command line (which `ps` shows).
KEYS=$(mktemp -d)
trap 'rm -rf "$KEYS"' EXIT
umask 077
printf 'Authorization: Bearer %s\n' "$OFFICER" > "$KEYS/OFFICER"
printf 'Authorization: Bearer %s\n' "$HEAD" > "$KEYS/HEAD"
printf 'Authorization: Bearer %s\n' "$FEED" > "$KEYS/FEED"

# post WHO KEY PATH JSON (WHO: OFFICER, HEAD or FEED): a command; prints the answer,
# fails on a refusal (4xx/5xx).
post() {
    curl -sS --fail-with-body -X POST "$BASE$3" -H @"$KEYS/$1" \
        -H "Idempotency-Key: $RUN-$2" -H 'Content-Type: application/json' -d "$4"
}
# get WHO PATH: a query.
get() { curl -sS --fail-with-body "$BASE$2" -H @"$KEYS/$1"; }
# id_of: the "id" of a command's answer.
id_of() { sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p'; }

# The kepala dinas plans the program, its target and its funds.
PROGRAM=$(post HEAD plan /programs '{"name": "Pengembangan 1000 Wirausaha UMKM",
  "agency": "Diskoperindag Ogan Ilir", "scope": ["16.10"],
  "period": "2016-01-01..2020-12-31", "effective_date": "2016-01-04"}' | id_of)
post HEAD start "/programs/$PROGRAM/start" '{"effective_date": "2016-01-04"}' >/dev/null
post HEAD indicator "/programs/$PROGRAM/indicators" '{"key": "new_binaan",
  "kind": "binaan_enrolled", "title": "New binaan", "effective_date": "2016-01-04"}' >/dev/null
post HEAD target "/programs/$PROGRAM/indicators/new_binaan/targets" '{"value": 1000,
  "periods": "2016-01-01..2020-12-31", "effective_date": "2016-01-04"}' >/dev/null
post HEAD funder /funders '{"name": "Dinkoperindag Ogan Ilir",
  "source": "APBD kabupaten", "effective_date": "2016-01-04"}' >/dev/null
FUNDS=$(post HEAD allocate /allocations "{\"funder\": \"Dinkoperindag Ogan Ilir\",
  \"program_id\": \"$PROGRAM\", \"fiscal_year\": 2017, \"instrument\": \"in-kind goods\",
  \"amount\": \"Rp50 juta\", \"effective_date\": \"2017-01-05\"}" | id_of)

# The officer registers the weaver's enterprise and enrols it as binaan.
SONGKET=$(post OFFICER register /enterprises '{"name": "Tenun Songket Siti",
  "owners": [{"name": "Siti Aminah", "nik": "1610084708800001", "gender": "F",
              "birth_year": 1980}],
  "desa": "16.10.08.2003", "sector": "13121", "founded_on": "2014-03-01",
  "effective_date": "2016-02-01"}' | id_of)
post OFFICER enrol "/programs/$PROGRAM/enrolments" \
  "{\"enterprise_id\": \"$SONGKET\", \"effective_date\": \"2017-02-01\"}" >/dev/null

# The officer proposes looms; the kepala dinas, another person, approves them.
LOOMS=$(post OFFICER propose /grants "{\"allocation_id\": \"$FUNDS\",
  \"beneficiary_id\": \"$SONGKET\", \"justification\": \"looms for the weavers\",
  \"items\": [{\"description\": \"alat tenun songket\", \"quantity\": 5,
               \"unit_value\": \"Rp3.500.000\"}], \"effective_date\": \"2017-03-01\"}" | id_of)
post OFFICER check "/grants/$LOOMS/eligibility-check" '{"effective_date": "2017-03-01"}' >/dev/null
post HEAD approve "/grants/$LOOMS/approval" '{"effective_date": "2017-03-02"}' >/dev/null
echo "grant $LOOMS approved: $(get HEAD "/allocations/$FUNDS" | sed -n 's/.*"remaining":\([0-9]*\).*/\1/p') left"

# A national system follows the feed: one page, then the stream for a moment.
EVENTS=$(get FEED "/feed?after=0&limit=1000" | grep -o '"specversion"' | wc -l)
echo "feed: $EVENTS events"
STREAMED=$(curl -sS -N --max-time 3 "$BASE/feed/stream?after=0" -H @"$KEYS/FEED" \
  2>/dev/null | grep -c '^event: cloudevent' || true)
echo "stream: $STREAMED events"

# The kepala dinas signs in and opens the progress page.
JAR=$(mktemp)
printf '%s' "$HEAD" | curl -sS -o /dev/null -c "$JAR" --data-urlencode "token@-" "$BASE/login"
curl -sS -b "$JAR" "$BASE/pages/programs/$PROGRAM?as_of=2020-12-31" | grep -o '<h1>[^<]*</h1>'
rm -f "$JAR"
