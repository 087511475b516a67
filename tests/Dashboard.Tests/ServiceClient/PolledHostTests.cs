using System.Net;
using System.Text;
using System.Threading.Channels;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.Dashboard.Tests.ServiceClient;

public sealed class PolledHostTests
{
    private const string Url = "https://abc.lambda-url.eu-west-1.on.aws";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(Samples.At);
    private readonly StatusEndpoint _endpoint = new();
    private readonly Channel<HostState> _changes = Channel.CreateUnbounded<HostState>();

    [Fact]
    public async Task Reading_status_reports_the_host_connected_with_what_it_serves()
    {
        _endpoint.Answer(StatusJson("lambda-1", "3"));
        await using var host = Polled();
        using var stop = new CancellationTokenSource();

        var run = host.RunAsync(stop.Token);
        var state = await NextStateAsync(s => s.Connection == HostConnectionState.Connected);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal("lambda-1", state.Name);
        Assert.Equal(HostKind.Polled, state.Kind);
        Assert.Equal("3", Assert.Single(state.Status!.Models).ServedVersion);
        Assert.Equal("/status", _endpoint.Paths.First());
    }

    [Fact]
    public async Task Status_is_read_again_each_interval()
    {
        _endpoint.Answer(StatusJson("lambda-1", "3"));
        await using var host = Polled();
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        await NextStateAsync(s => s.Status?.Models[0].ServedVersion == "3");

        _endpoint.Answer(StatusJson("lambda-1", "4"));
        _time.Advance(Interval);
        var state = await NextStateAsync(s => s.Status?.Models[0].ServedVersion == "4");
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal(HostConnectionState.Connected, state.Connection);
    }

    [Fact]
    public async Task A_failed_read_reports_the_host_unreachable_with_the_error_and_keeps_the_last_status()
    {
        _endpoint.Answer(StatusJson("lambda-1", "3"));
        await using var host = Polled();
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        await NextStateAsync(s => s.Connection == HostConnectionState.Connected);

        _endpoint.Answer(null);
        _time.Advance(Interval);
        var state = await NextStateAsync(s => s.Connection == HostConnectionState.Unreachable);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Contains("503", state.Error);
        Assert.Equal("3", state.Status!.Models[0].ServedVersion);
    }

    private PolledHost Polled() => new(Url, Interval, _time, NullLogger.Instance, s => _changes.Writer.TryWrite(s), _endpoint);

    /// <summary>The first reported state, from now on, that matches.</summary>
    private async Task<HostState> NextStateAsync(Func<HostState, bool> matches)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await foreach (var state in _changes.Reader.ReadAllAsync(timeout.Token))
        {
            if (matches(state))
            {
                return state;
            }
        }

        throw new InvalidOperationException("The state channel closed.");
    }

    private static string StatusJson(string hostId, string served) => $$$"""
        {"hostId":"{{{hostId}}}","mode":"OnRequest","policy":"AvailabilityPreserving","lastCheck":"2026-11-25T09:00:00Z","models":[
         {"model":"iris_model","servedVersion":"{{{served}}}","desiredVersion":"{{{served}}}","pinned":false,"state":"Serving",
          "signature":{"inputs":[{"name":"features","dType":"float32","shape":[-1,3]}],"outputs":[{"name":"Score.output","dType":"float32","shape":[-1,1]}]}}]}
        """;

    /// <summary>A function URL's <c>GET /status</c>: answers the JSON set last, or 503 when it is null.</summary>
    private sealed class StatusEndpoint : HttpMessageHandler
    {
        private readonly List<string> _paths = [];
        private string? _json;

        public IReadOnlyList<string> Paths
        {
            get
            {
                lock (_paths)
                {
                    return [.. _paths];
                }
            }
        }

        public void Answer(string? json) => Volatile.Write(ref _json, json);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_paths)
            {
                _paths.Add(request.RequestUri!.AbsolutePath);
            }

            var json = Volatile.Read(ref _json);
            var response = json is null
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("busy") }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            return Task.FromResult(response);
        }
    }
}
