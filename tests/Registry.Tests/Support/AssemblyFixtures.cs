using Hotswap.Testing;

// One real s3rver for the whole assembly; every test works under a prefix of its own.
[assembly: AssemblyFixture(typeof(S3rverFixture))]
