using System.Security.Cryptography;
using System.Text;
using Hotswap.Publisher.Tests.Support;

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
        var result = await TestStore.RunWithConfigurationAsync(new Dictionary<string, string?>(), "hash-token");
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (result.ExitCode, Value(lines, "token:"), Value(lines, "hash:"));
    }

    private static string Value(string[] lines, string label) => lines.Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();
}
