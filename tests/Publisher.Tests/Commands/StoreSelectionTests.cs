using Hotswap.Publisher.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Publisher.Tests.Commands;

public sealed class StoreSelectionTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task Bad_credentials_fail_with_a_clear_error_and_exit_code_1()
    {
        var store = TestStore.InS3(s3rver.Server)
            .WithConfiguration("ModelStore:AccessKeyId", "NOT-S3RVER")
            .WithConfiguration("ModelStore:SecretAccessKey", "wrong");

        var result = await store.RunAsync("list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: Could not list {store.Options.Uri}/: the credentials were refused (InvalidAccessKeyId).", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_missing_bucket_fails_with_a_clear_error_and_exit_code_1()
    {
        var store = TestStore.InS3(s3rver.Server);

        var result = await TestStore.RunWithConfigurationAsync(
            store.Configuration, "train", "--model", "iris_model", "--store", "s3://no-such-bucket/models", "--service-url", s3rver.Server.ServiceUrl);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Could not list s3://no-such-bucket/models/iris_model/: the bucket 'no-such-bucket' does not exist.", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task An_unreachable_store_fails_with_a_clear_error_and_exit_code_1()
    {
        var store = TestStore.InS3(s3rver.Server);

        var result = await TestStore.RunWithConfigurationAsync(
            store.Configuration, "versions", "--model", "iris_model", "--store", store.Options.Uri, "--service-url", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: Could not list s3://models/.+: the store is unreachable \(.+\)\.$", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task No_store_at_all_is_a_usage_error_with_exit_code_2()
    {
        var result = await TestStore.RunWithConfigurationAsync(new Dictionary<string, string?>(), "list");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: no model store: give --store", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error_with_exit_code_2()
    {
        var store = TestStore.InS3(s3rver.Server);

        var result = await store.RunAsync("pin", "--model", "iris_model");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: Option '--version' is required.", result.ErrorLines);
    }

    [Fact]
    public async Task The_environment_alone_can_select_the_store()
    {
        var store = TestStore.InS3(s3rver.Server);
        var environment = new Dictionary<string, string?>(store.Configuration)
        {
            ["ModelStore:Uri"] = store.Options.Uri,
            ["ModelStore:ServiceUrl"] = store.Options.ServiceUrl,
        };

        var result = await TestStore.RunWithConfigurationAsync(environment, "list");

        Assert.Equal((0, $"no models in {store.Options.Uri}/"), (result.ExitCode, result.Out.Trim()));
    }

    [Fact]
    public async Task The_command_line_wins_over_the_environment()
    {
        var store = TestStore.InS3(s3rver.Server)
            .WithConfiguration("ModelStore:Uri", "s3://no-such-bucket/models")
            .WithConfiguration("ModelStore:ServiceUrl", $"http://127.0.0.1:{FreePort.Next()}");

        var result = await store.RunAsync("list");

        Assert.Equal(0, result.ExitCode);
    }
}
