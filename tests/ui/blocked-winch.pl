#!/usr/bin/perl
# senda tests: run a program with SIGWINCH blocked, so that it is never told
# of a change of the window's size (curses takes over an ignored one; a
# blocked one stays pending). Usage: perl blocked-winch.pl PROGRAM ARG...
use strict;
use warnings;
use Config;
use POSIX ();
my %num;
@num{split ' ', $Config{sig_name}} = split ' ', $Config{sig_num};
POSIX::sigprocmask(POSIX::SIG_BLOCK(), POSIX::SigSet->new($num{WINCH}))
	or die "sigprocmask: $!\n";
exec @ARGV or die "exec $ARGV[0]: $!\n";
