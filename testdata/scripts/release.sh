#!/usr/bin/env plumb
# release.sh — cut a release: check the version, bump it in the project
# files, write the changelog entry and release notes from here-documents,
# and stage the artifacts with a checksum list.
#
# usage: release.sh [-n] [-q] [-o DIR] [-m MSG]... VERSION
#   -n      dry run: say what would be done, change nothing
#   -q      quiet
#   -o DIR  output directory (default: dist)
#   -m MSG  a changelog line (repeatable)

set -u
umask 022

usage() {
	cat >&2 <<USAGE
usage: ${0##*/} [-n] [-q] [-o DIR] [-m MSG]... VERSION
USAGE
	exit 2
}

say() { [ "$quiet" = yes ] || echo "$@"; }

run() {
	if [ "$dry" = yes ]; then
		echo "would run: $*"
	else
		"$@"
	fi
}

dry=no quiet=no outdir=dist messages=""
OPTIND=1
while getopts ":nqo:m:" opt; do
	case $opt in
	n) dry=yes ;;
	q) quiet=yes ;;
	o) outdir=$OPTARG ;;
	m) messages="$messages- $OPTARG
" ;;
	:)
		echo "option -$OPTARG needs an argument" >&2
		usage
		;;
	\?)
		echo "unknown option -$OPTARG" >&2
		usage
		;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
version=$1

# A version is MAJOR.MINOR.PATCH with an optional -rcN.
valid_version() {
	case $1 in
	*[!0-9.a-z-]* | .* | *. | *..*) return 1 ;;
	[0-9]*.[0-9]*.[0-9]*-rc[0-9]*) return 0 ;;
	*-*) return 1 ;;
	[0-9]*.[0-9]*.[0-9]*) return 0 ;;
	esac
	return 1
}
valid_version "$version" || {
	echo "bad version: $version" >&2
	exit 1
}

major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
patch=${rest#*.}
patch=${patch%%-*}
case $version in
*-rc*) kind="release candidate ${version##*-rc}" ;;
*) kind=final ;;
esac

# The project being released; made here so the script stands alone.
setup_project() {
	mkdir -p project
	[ -f project/VERSION ] || echo 0.9.0 > project/VERSION
	cat > project/config.sh <<'CFG'
NAME=widget
VERSION=0.9.0
CFG
}
setup_project

old=$(cat project/VERSION)
say "releasing widget $old -> $version ($kind)"
if [ "$old" = "$version" ]; then
	echo "already at $version" >&2
	exit 1
fi
older=$(printf '%s\n%s\n' "$old" "$version" | sort -t. -k1,1n -k2,2n -k3,3n | head -n1)
[ "$older" = "$old" ] || say "warning: $version sorts before $old"

tmp=release.tmp
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"

# bump: rewrite VERSION= in config.sh with a while-read copy.
while IFS= read -r line; do
	case $line in
	VERSION=*) echo "VERSION=$version" ;;
	*) printf '%s\n' "$line" ;;
	esac
done < project/config.sh > "$tmp/config.sh"
run cp "$tmp/config.sh" project/config.sh
run sh -c "echo $version > project/VERSION"

[ -n "$messages" ] || messages="- maintenance release
"
date=2024-03-01 # fixed, so that runs compare equal
cat > "$tmp/entry" <<ENTRY
## $version ($date)

$(printf '%s' "$messages")

ENTRY
[ -f project/CHANGELOG.md ] || printf '# Changelog\n\n' > project/CHANGELOG.md
{
	head -n 2 project/CHANGELOG.md
	cat "$tmp/entry"
	tail -n +3 project/CHANGELOG.md
} > "$tmp/changelog"
run cp "$tmp/changelog" project/CHANGELOG.md

notes=$outdir/NOTES-$version.txt
run mkdir -p "$outdir"
if [ "$dry" = no ]; then
	cat > "$notes" <<-NOTES
	widget $version
	===============
	Major $major, minor $minor, patch $patch: $kind.

	Changes:
	$messages
	Upgrade with:
	    curl -fsSL https://example.invalid/widget/$version | sh
	NOTES
	cat >> "$notes" <<-'LITERAL'
	Checksums are in SHA256SUMS; verify with `cksum -c` (not $HOME-relative).
	LITERAL
	for f in project/VERSION project/config.sh project/CHANGELOG.md; do
		cp "$f" "$outdir/"
	done
	(cd "$outdir" && for f in *; do printf '%s %s\n' "$(cksum < "$f" | cut -d' ' -f1)" "$f"; done > SUMS)
fi

count=0
for f in "$outdir"/*; do
	[ -e "$f" ] || continue
	count=$((count + 1))
done
say "staged $count files in $outdir"
[ "$dry" = yes ] && say "dry run: nothing changed"
exit 0
