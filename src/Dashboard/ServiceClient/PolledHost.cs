using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotswap.Contracts.Status;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// A host without a hub to connect to, such as one on AWS Lambda behind a function URL: its <c>GET /status</c> is read
/// every <see cref="DashboardOptions.StatusPollInterval"/>. It sends no swap events, so the feed does not show its swaps;
/// the fleet view shows what it serves as of the last read.
/// </summary>
public sealed class PolledHost : IHostWatch
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<HostState> _changed;
    private HostState _state;

    public PolledHost(string url, TimeSpan interval, TimeProvider time, ILogger logger, Action<HostState> changed, HttpMessageHandler? handler = null)
    {
        Url = url;
        _interval = interval;
        _time = time;
        _logger = logger;
        _changed = changed;
        _state = new HostState(url, HostConnectionState.Connecting, time.GetUtcNow(), null, null) { Kind = HostKind.Polled };
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = interval };
    }

    public string Url { get; }

    public HostState State => Volatile.Read(ref _state);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await ReadStatusAsync(cancellationToken);
            try
            {
                await Task.Delay(_interval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ReadStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var status = await _http.GetFromJsonAsync<HostStatus>("status", Json, cancellationToken)
                ?? throw new JsonException("GET /status answered null.");
            Set(state => state with
            {
                Connection = HostConnectionState.Connected,
                Since = state.Connection == HostConnectionState.Connected ? state.Since : _time.GetUtcNow(),
                Status = status,
                Error = null,
            });
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (State.Connection != HostConnectionState.Unreachable)
            {
                DashboardLog.HostUnreachable(_logger, Url, e.Message);
            }

            // The last status read stays: it is what the host served when it was last seen.
            Set(state => state with
            {
                Connection = HostConnectionState.Unreachable,
                Since = state.Connection == HostConnectionState.Unreachable ? state.Since : _time.GetUtcNow(),
                Error = e is TaskCanceledException ? $"GET /status gave no answer within {_interval.TotalSeconds:0.#} s" : e.Message,
            });
        }
    }

    private void Set(Func<HostState, HostState> change)
    {
        var next = change(State);
        Volatile.Write(ref _state, next);
        _changed(next);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
