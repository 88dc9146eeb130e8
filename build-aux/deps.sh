#!/bin/sh
# Install the Debian packages FLURM needs to build, test and run.
# Quick when everything is present; without root it prints the command.
# --fuzz: the packages `make fuzz` needs instead (clang and its libFuzzer
# runtime); --quiet: say nothing when all are present.
PKGS="build-essential pkg-config libevent-dev libraft-dev libuv1-dev
libsqlite3-dev libconfuse-dev libncurses-dev libreadline-dev libmunge-dev
munge libcmocka-dev sharness slurm-client tmux curl perl procps iproute2
groff-base util-linux"
FUZZ_PKGS="clang libclang-rt-dev"
quiet=0
for a in "$@"; do
	case "$a" in
	--quiet) quiet=1 ;;
	--fuzz) PKGS="$FUZZ_PKGS" ;;
	*) echo "usage: deps.sh [--fuzz] [--quiet]" >&2; exit 2 ;;
	esac
done

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -z "$missing" ]; then
	[ $quiet = 1 ] || echo "deps: all packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run as root: apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || exit 1
apt-get install -y -q --no-install-recommends $missing || exit 1
