# test-lib.sh - common setup for FLURM integration tests (sharness).
# Each tests/integration/tNNNN-*.t starts with:
#   test_description='...'
#   . "$(dirname "$0")/test-lib.sh"
# Programs come from $FLURM_BIN (set by make; defaults to ./bin).

FLURM_SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
: "${FLURM_BIN:=$FLURM_SRCDIR/bin}"
export FLURM_SRCDIR FLURM_BIN
PATH="$FLURM_BIN:$PATH"
export PATH

# Sharness trash directories go under /tmp so socket paths stay short.
root=${FLURM_TEST_ROOT:-/tmp/flurm-tests-$(id -u)}
mkdir -p "$root" || exit 1

. /usr/share/sharness/sharness.sh
