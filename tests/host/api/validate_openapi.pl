#!/usr/bin/env perl
# Validates OpenAPI 3.0 documents with JSON::Validator (Debian's libjson-validator-perl): the document
# against the official OpenAPI 3.0 schema, with every $ref resolved. Prints each error; exits 1 on any.
use strict;
use warnings;
use JSON::Validator::Schema::OpenAPIv3;

die "usage: validate_openapi.pl FILE...\n" unless @ARGV;
my $failed = 0;
for my $file (@ARGV) {
    my $schema = JSON::Validator::Schema::OpenAPIv3->new($file);
    my @errors = @{ $schema->errors };
    print "$file: $_\n" for @errors;
    print "$file: OK\n" unless @errors;
    $failed ||= @errors;
}
exit($failed ? 1 : 0);
