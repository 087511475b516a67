using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>
/// Control calls naming what does not exist or cannot be a name (path traversal, separators, over-long text) are
/// refused with a ProblemDetails that says why, over REST and over the hub, and the store's manifest stays
/// byte-identical.
/// </summary>
public sealed class ControlInputTests(ControlHost fixture) : IClassFixture<ControlHost>
{
    private const string Model = ModelStoreScenario.Model;

    public static TheoryData<string> UnsafeVersions => new()
    {
        "../1", "..", ".", "../../etc/passwd", "..%2F1", "%2e%2e%2f1", "1/../2", "/", "/1", "\\", "1\\2", "..\\1", "a b", "-1", "", " ", "1\u0000", "ü", new string('9', 65), new string('a', 5000),
    };

    public static TheoryData<string> UnsafeModelSegments => new()
    {
        "..%2F..%2Fetc", "..%5Cmodels", "a%20b", "-model", new string('m', 200),
    };

    private static readonly string[] ActionNames = ["refresh", "pin", "unpin", "rollback"];

    public static TheoryData<string> Actions => new(ActionNames);

    [Theory]
    [MemberData(nameof(UnsafeVersions))]
    public async Task Pinning_a_version_that_cannot_be_a_name_gets_400_and_changes_nothing(string version)
    {
        await AssertRefusedAsync(
            () => fixture.Host.Operator.PostAsJsonAsync($"/control/models/{Model}/pin", new PinRequest(version, "x")),
            HttpStatusCode.BadRequest,
            "is not a valid version of iris_model");
    }

    [Theory]
    [MemberData(nameof(UnsafeVersions))]
    public async Task Trying_a_version_that_cannot_be_a_name_gets_400(string version)
    {
        if (version is "" or "." or ".." || version.Contains('\0') || version.Length > 1000)
        {
            // In a URL path these are routing, refused by Kestrel (a NUL), or too long for a path segment: they never reach the handler.
            return;
        }

        await AssertRefusedAsync(
            () => fixture.Host.Operator.PostAsync($"/control/models/{Model}/versions/{Uri.EscapeDataString(version)}/invocations", Json("""{"inputs": [[1, 2, 3]]}""")),
            HttpStatusCode.BadRequest,
            "is not a valid version of iris_model");
    }

    [Theory]
    [MemberData(nameof(UnsafeModelSegments))]
    public async Task A_model_name_that_cannot_be_a_name_gets_400_for_every_action(string segment)
    {
        foreach (var action in ActionNames)
        {
            await AssertRefusedAsync(
                () => fixture.Host.Operator.PostAsync($"/control/models/{segment}/{action}", Json("""{"version": "1", "reason": "x"}""")),
                HttpStatusCode.BadRequest,
                "is not a valid model name");
        }
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task An_unknown_model_gets_404_naming_it(string action)
    {
        await AssertRefusedAsync(
            () => fixture.Host.Operator.PostAsync($"/control/models/unknown_model/{action}", Json("""{"version": "1", "reason": "x"}""")),
            HttpStatusCode.NotFound,
            "unknown_model");
    }

    [Theory]
    [InlineData("pin", """{"version": "1", "reason": "REASON"}""")]
    [InlineData("unpin", """{"reason": "REASON"}""")]
    [InlineData("rollback", """{"reason": "REASON"}""")]
    public async Task A_reason_over_the_limit_gets_400_naming_the_limit(string action, string body)
    {
        var reason = new string('r', Registry.Commands.DesiredStateCommands.MaxReasonLength + 1);

        await AssertRefusedAsync(
            () => fixture.Host.Operator.PostAsync($"/control/models/{Model}/{action}", Json(body.Replace("REASON", reason, StringComparison.Ordinal))),
            HttpStatusCode.BadRequest,
            $"at most {Registry.Commands.DesiredStateCommands.MaxReasonLength}");
    }

    [Fact]
    public async Task A_body_that_is_not_a_control_request_gets_400()
    {
        foreach (var body in new[] { "{", "[]", """{"version": 1}""", """{"reason": ["x"]}""", """{"force": "yes"}""" })
        {
            var before = await ControlScenario.ManifestAsync(fixture.Store);
            var response = await fixture.Host.Operator.PostAsync($"/control/models/{Model}/pin", Json(body));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
        }
    }

    public static TheoryData<string, object, string> RefusedHubCalls => new()
    {
        { nameof(ISwapHub.Pin), new PinRequest("../1", "x"), "is not a valid version of iris_model" },
        { nameof(ISwapHub.Pin), new PinRequest(new string('9', 5000), "x"), "is not a valid version of iris_model" },
        { nameof(ISwapHub.Pin), new PinRequest("9", "x"), "has no version 9" },
        { nameof(ISwapHub.Pin), new PinRequest("1", new string('r', 1001)), "at most 1000" },
        { nameof(ISwapHub.Unpin), new ControlRequest(new string('r', 1001)), "at most 1000" },
        { nameof(ISwapHub.Rollback), new ControlRequest(new string('r', 1001)), "at most 1000" },
    };

    [Theory]
    [MemberData(nameof(RefusedHubCalls))]
    public async Task Hub_methods_refuse_the_same_inputs_with_the_same_reason_and_change_nothing(string method, object request, string reason)
    {
        var before = await ControlScenario.ManifestAsync(fixture.Store);

        var error = await Assert.ThrowsAsync<HubException>(() => fixture.OperatorHub.Connection.InvokeCoreAsync<ControlResult>(method, [Model, request]));

        Assert.Contains(reason, error.Message);
        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Hub_methods_refuse_an_unknown_model_or_an_unsafe_name(string action)
    {
        var method = char.ToUpperInvariant(action[0]) + action[1..];
        object request = action == "pin" ? new PinRequest("1", "x") : new ControlRequest("x");
        var before = await ControlScenario.ManifestAsync(fixture.Store);

        var unknown = await Assert.ThrowsAsync<HubException>(() => fixture.OperatorHub.Connection.InvokeCoreAsync<ControlResult>(method, ["unknown_model", request]));
        var unsafeName = await Assert.ThrowsAsync<HubException>(() => fixture.OperatorHub.Connection.InvokeCoreAsync<ControlResult>(method, ["../iris_model", request]));

        Assert.Contains("unknown_model", unknown.Message);
        Assert.Contains("is not a valid model name", unsafeName.Message);
        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string detail)
    {
        var before = await ControlScenario.ManifestAsync(fixture.Store);

        using var response = await call();

        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {response.RequestMessage!.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
