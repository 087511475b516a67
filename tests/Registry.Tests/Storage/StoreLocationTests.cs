using Hotswap.Registry.Storage;

namespace Hotswap.Registry.Tests.Storage;

public sealed class StoreLocationTests
{
    [Theory]
    [InlineData("s3://models/fleet", "models", "fleet/")]
    [InlineData("s3://models/fleet/", "models", "fleet/")]
    [InlineData("s3://models/a/b/c", "models", "a/b/c/")]
    [InlineData("s3://models", "models", "")]
    [InlineData("s3://models/", "models", "")]
    [InlineData("S3://models/fleet", "models", "fleet/")]
    public void Parse_of_an_s3_uri_gives_the_bucket_and_a_prefix_ending_in_a_slash(string uri, string bucket, string prefix)
    {
        var location = StoreLocation.Parse(uri);

        Assert.True(location.IsS3);
        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
    }

    [Fact]
    public void Parse_of_a_directory_gives_its_full_path_and_no_prefix()
    {
        var location = StoreLocation.Parse("relative/store");

        Assert.False(location.IsS3);
        Assert.Equal(Path.GetFullPath("relative/store"), location.RootDirectory);
        Assert.Equal("", location.Prefix);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///fleet")]
    public void Parse_of_an_s3_uri_without_a_bucket_says_so(string uri)
    {
        var error = Assert.Throws<FormatException>(() => StoreLocation.Parse(uri));

        Assert.Contains("names no bucket", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_of_nothing_is_refused(string uri) =>
        Assert.ThrowsAny<ArgumentException>(() => StoreLocation.Parse(uri));

    [Theory]
    [InlineData("s3://models/fleet/iris/3", "fleet/iris/3")]
    [InlineData("s3://models/fleet/iris/3/", "fleet/iris/3")]
    [InlineData("fleet/iris/3", "fleet/iris/3")]
    [InlineData("/fleet/iris/3/", "fleet/iris/3")]
    public void KeyOf_turns_an_s3_uri_or_a_bucket_relative_key_into_a_key(string path, string key) =>
        Assert.Equal(key, StoreLocation.Parse("s3://models/fleet").KeyOf(path));

    [Fact]
    public void KeyOf_refuses_an_s3_uri_in_another_bucket()
    {
        var error = Assert.Throws<FormatException>(() => StoreLocation.Parse("s3://models/fleet").KeyOf("s3://other/fleet/iris/3"));

        Assert.Contains("outside the store", error.Message);
    }

    [Theory]
    [InlineData("../iris/3")]
    [InlineData("fleet/../../iris/3")]
    [InlineData("s3://models/fleet/../iris/3")]
    public void KeyOf_refuses_a_path_that_climbs_with_dot_dot(string path) =>
        Assert.Throws<FormatException>(() => StoreLocation.Parse("s3://models/fleet").KeyOf(path));

    [Fact]
    public void KeyOf_turns_a_directory_inside_a_local_store_into_a_key()
    {
        var root = Path.Combine(Path.GetTempPath(), "hotswap-store");

        Assert.Equal("iris/3", StoreLocation.Parse(root).KeyOf(Path.Combine(root, "iris", "3")));
    }

    [Fact]
    public void KeyOf_refuses_a_directory_outside_a_local_store_even_one_sharing_its_name_as_a_prefix()
    {
        var root = Path.Combine(Path.GetTempPath(), "hotswap-store");

        Assert.Throws<FormatException>(() => StoreLocation.Parse(root).KeyOf(Path.Combine(root + "-backup", "iris", "3")));
    }

    [Fact]
    public void KeyOf_refuses_an_s3_uri_in_a_local_store() =>
        Assert.Throws<FormatException>(() => StoreLocation.Parse(Path.GetTempPath()).KeyOf("s3://models/iris/3"));

    [Fact]
    public void UriOf_a_key_in_s3_is_the_s3_uri_other_tools_write() =>
        Assert.Equal("s3://models/fleet/iris/3", StoreLocation.Parse("s3://models/fleet").UriOf("fleet/iris/3"));

    [Fact]
    public void UriOf_a_key_in_a_local_store_is_its_directory()
    {
        var root = Path.Combine(Path.GetTempPath(), "hotswap-store");

        Assert.Equal(Path.Combine(root, "iris", "3"), StoreLocation.Parse(root).UriOf("iris/3"));
    }

    [Theory]
    [InlineData("s3://models/fleet")]
    [InlineData("local")]
    public void KeyOf_undoes_UriOf(string uri)
    {
        var location = StoreLocation.Parse(uri);
        var key = location.Prefix + "iris/3";

        Assert.Equal(key, location.KeyOf(location.UriOf(key)));
    }
}
