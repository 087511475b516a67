using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Hotswap.Publisher.Tests.Commands;

/// <summary><c>hash-token</c>: a fresh operator token and the hash hosts are configured with.</summary>
public sealed class HashTokenCommandTests
{
    [Fact]
    public async Task Hash_token_prints_a_random_64_digit_token_and_the_sha256_of_it_in_hex()
    {
        var (exitCode, token, hash) = await RunAsync();

        Assert.Equal(0, exitCode);
        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), hash);
    }

    [Fact]
    public async Task Each_run_makes_a_different_token()
    {
        var first = await RunAsync();
        var second = await RunAsync();

        Assert.NotEqual(first.Token, second.Token);
    }

    private static async Task<(int ExitCode, string Token, string Hash)> RunAsync()
    {
        var output = new StringWriter();
        var cli = new CliContext(output, new StringWriter(), new ConfigurationBuilder().Build());
        var exitCode = await PublisherCli.RunAsync(["hash-token"], cli, TestContext.Current.CancellationToken);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (exitCode, lines.Single(l => l.StartsWith("token: ", StringComparison.Ordinal))["token: ".Length..], lines.Single(l => l.StartsWith("hash: ", StringComparison.Ordinal))["hash: ".Length..].Trim());
    }
}
