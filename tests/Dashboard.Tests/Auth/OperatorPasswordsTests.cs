using Hotswap.Dashboard.Auth;

namespace Hotswap.Dashboard.Tests.Auth;

public sealed class OperatorPasswordsTests
{
    [Fact]
    public void A_hash_verifies_its_own_password_only()
    {
        var hash = OperatorPasswords.Hash("correct horse");

        Assert.True(OperatorPasswords.Verify("correct horse", hash));
        Assert.False(OperatorPasswords.Verify("correct horse ", hash));
        Assert.DoesNotContain("correct horse", hash);
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(OperatorPasswords.Hash("secret"), OperatorPasswords.Hash("secret"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("secret")]
    [InlineData("pbkdf2-sha256$100$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$100000$not-base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    public void A_malformed_hash_is_rejected_and_matches_nothing(string hash)
    {
        Assert.False(OperatorPasswords.IsWellFormed(hash));
        Assert.False(OperatorPasswords.Verify("secret", hash));
    }
}
