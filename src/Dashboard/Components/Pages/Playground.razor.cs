using System.Collections.Immutable;
using Hotswap.Contracts.Status;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry;
using Hotswap.Registry.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Hotswap.Dashboard.Components.Pages;

public sealed partial class Playground
{
    private ImmutableArray<HostState> _hosts = [];
    private IReadOnlyList<string> _versions = [];
    private ImmutableArray<PredictionOutcome> _outcomes = [];
    private PlaygroundForm? _form;
    private string? _host;
    private string? _model;
    private string? _compareVersion;
    private string? _error;
    private bool _sending;
    private bool _isOperator;

    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    [Inject] public required FleetMonitor FleetMonitor { get; init; }
    [Inject] public required ModelRegistry Registry { get; init; }
    [Inject] public required PredictClient Predictions { get; init; }

    private IEnumerable<ModelStatus> ModelsOfHost => _hosts.FirstOrDefault(h => h.Url == _host)?.Status?.Models ?? [];

    protected override async Task OnInitializedAsync()
    {
        _isOperator = (await Authentication).User.IsInRole(Roles.Operator);
        Watch(FleetMonitor.Hosts, hosts => _hosts = hosts);
        if (_hosts.FirstOrDefault(h => h.Status is not null) is { } first)
        {
            await SelectHostAsync(first.Url);
        }
    }

    private async Task SelectHostAsync(string host)
    {
        if (host == _host)
        {
            return;
        }

        _host = host;
        if (ModelsOfHost.FirstOrDefault() is { } model)
        {
            await SelectModelAsync(model.Model);
        }
    }

    /// <summary>Builds the form from the signature of what the host serves, prefilled from that version's input example.</summary>
    private async Task SelectModelAsync(string model)
    {
        // Choosing the model already shown keeps what the operator typed and chose.
        if (model == _model && _form is not null)
        {
            return;
        }

        _model = model;
        _outcomes = [];
        _compareVersion = null;
        _form = null;
        var status = ModelsOfHost.FirstOrDefault(m => m.Model == model);
        try
        {
            _versions = [.. (await Registry.ListVersionsAsync(model, Stopping)).Select(v => v.Version)];
            var served = status?.ServedVersion is { } version ? await Registry.GetVersionAsync(model, version, Stopping) : null;
            var example = served is { HasInputExample: true } ? await Registry.ReadInputExampleAsync(served, Stopping) : null;
            var signature = status?.Signature ?? served?.Signature;
            _form = signature is null ? null : PlaygroundForm.Build(signature, example);
            _error = null;
        }
        catch (Exception e) when (e is StoreException or InvalidDataException)
        {
            _error = $"Reading {model} from the store failed: {e.Message}";
        }
    }

    /// <summary>Sends the same input to what the host serves and, when chosen, to another version, at the same time.</summary>
    private async Task SendAsync()
    {
        var body = _form!.BuildRequest(out var problem);
        if (problem is not null)
        {
            _error = problem;
            return;
        }

        _error = null;
        _sending = true;
        try
        {
            var served = Predictions.PredictAsync(_host!, _model!, body, Stopping);
            var user = (await Authentication).User;
            var compared = _compareVersion is { } version ? Predictions.TryVersionAsync(user, _host!, _model!, version, body, Stopping) : null;
            _outcomes = compared is null ? [await served] : [.. await Task.WhenAll(served, compared)];
        }
        finally
        {
            _sending = false;
        }
    }
}
