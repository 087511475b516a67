using System.Text;
using Hotswap.InferenceHost.Serving.Inputs;

namespace Hotswap.InferenceHost.Tests.Serving;

public sealed class DecodableTextTests
{
    [Theory]
    [InlineData("""{"data": [[1, 2, 3]]}""")]
    [InlineData("""{"name": "\ud83d\udca5 and \uD83D\uDCA5"}""")]
    [InlineData("""{"name": "\\uD800 is an escaped backslash, then text"}""")]
    [InlineData("""{"name": "\" \n \u00e9 \\"}""")]
    [InlineData("""\""")]
    public void Bodies_whose_strings_all_decode_pass(string body)
    {
        Assert.Null(DecodableText.Problem(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("""{"name": "\uD800"}""")]
    [InlineData("""{"\udfff": 1}""")]
    [InlineData("""{"name": "\uDC00\uD800"}""")]
    [InlineData("""{"name": "\uD800\u0041"}""")]
    [InlineData("""{"name": "\\\uD800"}""")]
    [InlineData("""{"name": "\uD83D""")]
    public void A_lone_surrogate_escape_is_refused_with_its_position(string body)
    {
        Assert.Contains("lone UTF-16 surrogate escape at byte", DecodableText.Problem(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused()
    {
        Assert.Equal("The body is not valid UTF-8.", DecodableText.Problem([(byte)'"', 0xC0, 0x80, (byte)'"']));
    }
}
