using System.CommandLine;
using System.Security.Cryptography;
using System.Text;

namespace Hotswap.Publisher.Commands;

/// <summary>
/// <c>hash-token</c>: a new operator token and the hash hosts keep of it (<c>Control:Operators:N:TokenHash</c>, the
/// SHA-256 of the token's UTF-8 bytes as 64 hexadecimal digits). The token is made here rather than typed, so it is
/// never short or guessable and never sits in a shell's history.
/// </summary>
public static class HashTokenCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("hash-token", "Makes a new operator token and its SHA-256 hash: give the token to its holder (it is shown once) and put the hash in the hosts' Control:Operators:N:TokenHash.");
        command.SetAction(_ =>
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            cli.Out.WriteLine($"token: {token}");
            cli.Out.WriteLine($"hash:  {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}");
            return ExitCodes.Success;
        });
        return command;
    }
}
