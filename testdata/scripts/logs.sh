#!/usr/bin/env plumb
# logs.sh — summarise a web server's access log and an application log:
# requests per status class, top paths, slow requests, errors per
# component, and a report file. Reads with while-read loops, sorts with
# case, counts with arithmetic.
#
# usage: logs.sh [access-log] [app-log]   (writes sample logs if absent)

ACCESS=${1:-access.log}
APP=${2:-app.log}
REPORT=report.txt
SLOW_MS=500

write_samples() {
	cat > "$ACCESS" <<'LOG'
10.0.0.1 - - [01/Mar/2024:10:00:01] "GET /index.html HTTP/1.1" 200 512 12
10.0.0.2 - - [01/Mar/2024:10:00:02] "GET /api/users HTTP/1.1" 200 2048 340
10.0.0.1 - - [01/Mar/2024:10:00:03] "POST /api/login HTTP/1.1" 302 0 45
10.0.0.3 - - [01/Mar/2024:10:00:04] "GET /missing HTTP/1.1" 404 128 3
10.0.0.2 - - [01/Mar/2024:10:00:05] "GET /api/users HTTP/1.1" 500 64 1203
# a comment line the parser must skip
10.0.0.4 - - [01/Mar/2024:10:00:06] "GET /index.html HTTP/1.1" 200 512 8

10.0.0.1 - - [01/Mar/2024:10:00:07] "GET /api/report?year=2024 HTTP/1.1" 200 9000 770
10.0.0.5 - - [01/Mar/2024:10:00:08] "DELETE /api/users/7 HTTP/1.1" 403 32 15
garbage line without fields
10.0.0.3 - - [01/Mar/2024:10:00:09] "GET /index.html HTTP/1.1" 304 0 2
LOG
	printf '%s\n' \
		'2024-03-01T10:00:01 INFO  [http] started on :8080' \
		'2024-03-01T10:00:02 DEBUG [db] pool size 4' \
		'2024-03-01T10:00:05 ERROR [db] query timeout after 1200ms' \
		'2024-03-01T10:00:05 WARN  [http] slow handler /api/users' \
		'2024-03-01T10:00:07 ERROR [auth] token expired for user=7' \
		'2024-03-01T10:00:08 ERROR [db] deadlock detected' \
		'2024-03-01T10:00:09 INFO  [http] shutting down' > "$APP"
	# the last line has no newline: read must still see it
	printf '2024-03-01T10:00:10 FATAL [main] exit code 3' >> "$APP"
}

[ -f "$ACCESS" ] || write_samples

total=0 bad=0 bytes=0 c2=0 c3=0 c4=0 c5=0 slow=0
: > paths.tmp
while read -r ip _ _ ts method path proto status size ms rest; do
	case $ip in
	'' | '#'*) continue ;;
	esac
	case $status in
	[1-5][0-9][0-9]) ;;
	*)
		bad=$((bad + 1))
		continue
		;;
	esac
	total=$((total + 1))
	bytes=$((bytes + size))
	case $status in
	2??) c2=$((c2 + 1)) ;;
	3??) c3=$((c3 + 1)) ;;
	4??) c4=$((c4 + 1)) ;;
	5??) c5=$((c5 + 1)) ;;
	esac
	path=${path%%\?*}
	echo "$path" >> paths.tmp
	if [ "$ms" -ge "$SLOW_MS" ]; then
		slow=$((slow + 1))
		printf 'slow: %s %s took %sms (%s)\n' "${method#\"}" "$path" "$ms" "${ts#[}"
	fi
done < "$ACCESS"

echo "requests: $total (unparsed: $bad)"
echo "bytes: $bytes, average $((total > 0 ? bytes / total : 0))"
echo "status: 2xx=$c2 3xx=$c3 4xx=$c4 5xx=$c5"
echo "error rate: $(((c4 + c5) * 100 / total))%"

echo "top paths:"
sort paths.tmp | uniq -c | sort -k1,1nr -k2 | head -n 3 | while read -r count path; do
	printf '  %3d %s\n' "$count" "$path"
done
rm -f paths.tmp

# The application log: count levels, errors per component.
levels=""
count_level() {
	eval "n=\${L_$1:-0}"
	eval "L_$1=$((n + 1))"
	case " $levels " in
	*" $1 "*) ;;
	*) levels="$levels $1" ;;
	esac
}

errors=""
while IFS= read -r line || [ -n "$line" ]; do
	set -- $line
	level=$2
	count_level "$level"
	case $level in
	ERROR | FATAL)
		comp=${3#[}
		comp=${comp%]}
		shift 3
		errors="$errors$comp: $*
"
		;;
	esac
done < "$APP"

echo "levels:"
for l in $levels; do
	eval "echo \"  $l \$L_$l\""
done

printf '%s' "$errors" | sort | {
	last= n=0
	while IFS=: read -r comp msg; do
		if [ "$comp" != "$last" ]; then
			[ -n "$last" ] && echo "  $last: $n"
			last=$comp n=0
		fi
		n=$((n + 1))
	done
	[ -n "$last" ] && echo "  $last: $n"
} > errors.tmp
echo "errors by component:"
cat errors.tmp

{
	echo "# report"
	echo "total=$total slow=$slow"
	cat errors.tmp
} > "$REPORT"
rm -f errors.tmp

if [ "$c5" -gt 0 ]; then
	echo "server errors found" >&2
	exit 3
fi
