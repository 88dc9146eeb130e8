#!/usr/bin/perl
# stranger.pl - an abusive client for the connection-limit tests: opens
# connections to HOST:PORT and misbehaves on them, then says how many the
# server closed and when.
#
#   stranger.pl [-b SRC[,SRC...]] [-t SECS] [-r] MODE HOST PORT COUNT [ARG]
#
# MODE idle:    connect and send nothing
#      slow:    send one byte a second (a frame that never ends)
#      slurm:   a Slurm frame claiming ARG bytes (default 60 MiB) whose
#               credential never ends, pushed as fast as the server reads
#      node:    a node-port frame claiming ARG bytes (default 15 MiB),
#               pushed as fast as the server reads
# -b  bind the client sockets to these source addresses, round robin
# -t  run this long (default 5 s); -r  reconnect what the server closed
#
# Prints "opened N refused R closed C open O" and, for the connections the
# server closed, "first_close S last_close S" (seconds after they opened).
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use Getopt::Std;
use Time::HiRes qw(time sleep);
use Errno qw(EAGAIN EWOULDBLOCK EINPROGRESS);

$SIG{PIPE} = "IGNORE";
my %o;
getopts('b:t:r', \%o) or die "usage: see the top of $0\n";
my ($mode, $host, $port, $count, $arg) = @ARGV;
die "usage: see the top of $0\n" unless defined $count;
my @src = split /,/, ($o{b} // '');
my $dur = $o{t} // 5;

my $chunk = 'M' x 65536;
my %c;          # fileno -> { s, t0, sent, want, next }
my ($opened, $refused, $closed) = (0, 0, 0);
my ($first, $last);
my $i = 0;

sub head {
	if ($mode eq 'slurm') {
		my $n = $arg // 60 * 1024 * 1024;
		# 22.05 header: REQUEST_SUBMIT_BATCH_JOB, body_length to fit,
		# no forwarding, AF_UNSPEC; auth/munge whose credential string
		# claims 1 MiB and never ends
		my $hdr = pack('n n n N n n n', 0x2600, 0, 4003, $n - 26, 0, 0, 0);
		return (pack('N', $n) . $hdr . pack('N N', 101, 1 << 20), $n + 4);
	}
	if ($mode eq 'node') {
		my $n = $arg // 15 * 1024 * 1024;
		# WIRE_NODE_REGISTER, version 1
		return (pack('N n n', $n, 1, 1), $n + 4);
	}
	if ($mode eq 'slow') {
		return (pack('N', 200), 1 << 30);
	}
	return ('', 0);
}

sub open_one {
	my %a = (PeerAddr => $host, PeerPort => $port, Proto => 'tcp',
		 Timeout => 2);
	$a{LocalAddr} = $src[$i++ % @src] if @src;
	my $s = IO::Socket::INET->new(%a);
	unless ($s) {
		$refused++;
		return;
	}
	$s->blocking(0);
	my ($h, $want) = head();
	my $st = { s => $s, t0 => time, sent => 0, want => $want, buf => $h,
		   next => time };
	$c{fileno($s)} = $st;
	$opened++;
	push_data($st);
}

sub push_data {
	my ($st) = @_;
	if ($mode eq 'slow') {
		return if time < $st->{next};
		my $b = length $st->{buf} ? substr($st->{buf}, 0, 1, '') : 'x';
		syswrite($st->{s}, $b);
		$st->{next} = time + 1;
		return;
	}
	while ($st->{sent} < $st->{want}) {
		$st->{buf} = $chunk unless length $st->{buf};
		my $n = syswrite($st->{s}, $st->{buf});
		last unless defined $n && $n > 0;
		substr($st->{buf}, 0, $n, '');
		$st->{sent} += $n;
	}
}

sub gone {
	my ($fd) = @_;
	my $st = delete $c{$fd};
	my $age = time - $st->{t0};
	$first = $age if !defined $first || $age < $first;
	$last = $age if !defined $last || $age > $last;
	$closed++;
	close $st->{s};
}

open_one() for 1 .. $count;
my $end = time + $dur;
while (time < $end) {
	my $sel = IO::Select->new(map { $_->{s} } values %c);
	for my $s ($sel->can_read(0.05)) {
		my $buf;
		my $n = sysread($s, $buf, 65536);
		gone(fileno $s) if (defined $n && $n == 0) ||
			(!defined $n && $! != EAGAIN && $! != EWOULDBLOCK);
	}
	push_data($_) for values %c;
	if ($o{r}) {
		open_one() while keys(%c) < $count && time < $end;
	}
}
printf "opened %d refused %d closed %d open %d\n", $opened, $refused,
	$closed, scalar keys %c;
printf "first_close %.1f last_close %.1f\n", $first, $last if defined $first;
