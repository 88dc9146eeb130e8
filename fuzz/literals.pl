#!/usr/bin/perl
# literals.pl OUTDIR MAXLEN FILE... - write every C string literal of the
# given test sources (adjacent literals joined, escapes decoded) as one
# seed file, for the text fuzz targets' corpus. Literals longer than
# MAXLEN are skipped.
use strict;
use warnings;

my ($out, $max, @files) = @ARGV;
die "usage: literals.pl OUTDIR MAXLEN FILE...\n" unless defined $max && @files;
mkdir $out;
my %seen;
my $n = 0;
for my $f (@files) {
	open(my $fh, '<', $f) or die "$f: $!\n";
	my $src = do { local $/; <$fh> };
	close $fh;
	$src =~ s{/\*.*?\*/}{ }gs;      # comments hold prose, not vectors
	$src =~ s{^\s*#\s*include.*$}{}mg;
	# runs of adjacent literals: "a" "b" (whitespace between)
	while ($src =~ /((?:"(?:[^"\\\n]|\\.)*"\s*)+)/g) {
		my $run = $1;
		my $s = '';
		while ($run =~ /"((?:[^"\\\n]|\\.)*)"/g) {
			$s .= $1;
		}
		$s =~ s/\\(n|t|"|\\|#|x[0-9a-fA-F]{2}|[0-7]{1,3})/
			$1 eq 'n' ? "\n" : $1 eq 't' ? "\t" : $1 eq '"' ? '"' :
			$1 eq '\\' ? '\\' : $1 eq '#' ? '\\#' :
			$1 =~ m{^x} ? chr(hex(substr($1, 1))) : chr(oct($1))/ge;
		next if $s eq '' || length($s) > $max || $seen{$s}++;
		my $name = sprintf("%s/lit-%04d", $out, $n++);
		open(my $o, '>', $name) or die "$name: $!\n";
		print $o $s;
		close $o;
	}
}
print "literals: $n seeds into $out\n";
