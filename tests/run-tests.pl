#!/usr/bin/perl
# Run unit test binaries (cmocka, TAP output) and integration scripts
# (sharness) through TAP::Harness, the engine behind prove, and end with
# one line: "check: N passed, N failed".
# Usage: run-tests.pl UNIT_BIN... -- INTEGRATION_T...
use strict;
use warnings;
use TAP::Harness;

my (@unit, @integ);
my $seen_sep = 0;
for my $a (@ARGV) {
	if ($a eq '--') { $seen_sep = 1; next; }
	if ($seen_sep) { push @integ, $a } else { push @unit, $a }
}
$ENV{CMOCKA_MESSAGE_OUTPUT} = 'TAP';
my $jobs = $ENV{FLURM_TEST_JOBS} // 2;
my $harness = TAP::Harness->new({
	verbosity => $ENV{VERBOSE} ? 1 : 0,
	jobs => $jobs,
	color => 0,
	timer => 1,
	exec => sub {
		my ($h, $file) = @_;
		return $file =~ /\.t$/ ? ['/bin/bash', $file] : [$file];
	},
});
my $agg = $harness->runtests(@unit, @integ);
my $passed = scalar($agg->passed);
my $failed = scalar($agg->failed);
my @bad = grep { my ($p) = $agg->parsers($_); $p->exit || $p->has_problems } $agg->descriptions;
$failed++ if $failed == 0 && @bad;
print "check: $passed passed, $failed failed\n";
exit($agg->all_passed ? 0 : 1);
