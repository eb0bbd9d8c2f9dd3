#!/usr/bin/perl
# Run a Perl script that calls the API with LWP::UserAgent (perl-lwp, Debian's libwww-perl) or
# HTTP::Tiny (perl-http-tiny, in Perl's core) against the replay server for each scenario and
# print, as JSON lines, what it printed. Usage: perl run_perl.pl PLAN.json PORT CLOSED CLIENT.
# Round six. Each scenario runs as a child (`--one`) whose stdout and stderr are captured, so a
# die() shows as Perl prints it. Both libraries answer a failure of their own with a response
# made up on the spot: LWP a "500 Can't connect ..." (header Client-Warning: Internal
# response), HTTP::Tiny a status 599 whose content is the error. "full": the script dies with
# the status line and the body; "last": with the status line only. LWP reads the proxy from the
# environment after env_proxy(), HTTP::Tiny by default. Never used by the tests.
use strict;
use warnings;
use Encode ();
use JSON::PP;

sub base_url {
    my ($sc, $port, $closed) = @_;
    my $proxy = $ENV{PASTED_LITELLM_PORT} || 0;
    my %root = (ok => "http://127.0.0.1:$port/v1", closed => "http://127.0.0.1:$closed/v1",
        litellm => "http://127.0.0.1:$proxy/v1", dns => 'https://api.gateway-example.invalid/v1',
        tls => "https://127.0.0.1:$port/v1", proxy => 'https://api.gateway-example.com/v1',
        root => "http://127.0.0.1:$port", doubled => "http://127.0.0.1:$port/v1/v1");
    return $root{$sc->{base}};
}

sub read_plan {
    my ($path) = @_;
    open(my $fh, '<:raw', $path) or die "cannot read $path: $!";
    local $/;
    return decode_json(<$fh>);
}

if (($ARGV[0] // '') eq '--one') {
    my (undef, $plan_path, $idx, $port, $closed, $client) = @ARGV;
    my $sc = read_plan($plan_path)->[$idx];
    my $full = $sc->{style} eq 'full';
    my $url = base_url($sc, $port, $closed) . '/chat/completions';
    my $payload = encode_json({model => $sc->{model}, stream => $sc->{stream} ? JSON::PP::true
        : JSON::PP::false, messages => [{role => 'user', content => 'Say hello'}]});
    my $key = $ENV{OPENAI_API_KEY} // '';
    my ($ok, $status_line, $body);
    if ($client eq 'perl-lwp') {
        require LWP::UserAgent;
        my $ua = LWP::UserAgent->new(timeout => $sc->{timeout} || 10);
        $ua->env_proxy;
        my @cb = $sc->{stream} ? (':content_cb' => sub { print $_[0] }) : ();
        my $res = $ua->post($url, 'Content-Type' => 'application/json',
            'Authorization' => "Bearer $key", Content => $payload, @cb);
        ($ok, $status_line, $body) = ($res->is_success, $res->status_line,
            $res->decoded_content // '');
    } else {
        require HTTP::Tiny;
        my $http = HTTP::Tiny->new(timeout => $sc->{timeout} || 10);
        my %opts = (headers => {'Content-Type' => 'application/json',
            'Authorization' => "Bearer $key"}, content => $payload);
        $opts{data_callback} = sub { print $_[0] } if $sc->{stream};
        my $res = $http->request('POST', $url, \%opts);
        ($ok, $status_line, $body) = ($res->{success}, "$res->{status} $res->{reason}",
            $res->{content} // '');
    }
    exit 0 if $sc->{stream} && $ok;
    die($full ? "Request failed: $status_line\n$body\n" : "Request failed: $status_line") unless $ok;
    print "$status_line\n$body\n" unless $body =~ /choices/;
    print decode_json($body)->{choices}[0]{message}{content}, "\n";
    exit 0;
}

my ($plan_path, $port, $closed, $client) = @ARGV;
my $plan = read_plan($plan_path);
my $version = $client eq 'perl-lwp' ? do { require LWP; $LWP::VERSION }
    : do { require HTTP::Tiny; $HTTP::Tiny::VERSION };
delete @ENV{qw(OPENAI_API_KEY NO_PROXY no_proxy HTTPS_PROXY https_proxy HTTP_PROXY http_proxy)};
$| = 1;
for my $sc (@$plan) {
    next unless grep { $_ eq $client } @{$sc->{clients}};
    system('curl', '-s', '-o', '/dev/null', "http://127.0.0.1:$port/__set/$sc->{idx}");
    local %ENV = %ENV;
    $ENV{OPENAI_API_KEY} = $sc->{base} eq 'litellm' ? 'sk-proxy-demo' : 'sk-pasted-demo'
        unless $sc->{key} eq 'none';
    $ENV{HTTPS_PROXY} = $ENV{https_proxy} = "http://127.0.0.1:$closed" if $sc->{base} eq 'proxy';
    open(my $child, '-|', "$^X \Q$0\E --one \Q$plan_path\E $sc->{idx} $port $closed \Q$client\E 2>&1")
        or die "cannot run a child: $!";
    my $text = Encode::decode('UTF-8', do { local $/; <$child> } // '');
    close($child);
    print JSON::PP->new->canonical->encode({idx => $sc->{idx}, client => $client,
        version => "$version", text => $text}), "\n";
}
