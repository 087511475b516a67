using System.Collections.Immutable;
using Hotswap.Contracts.Models;
using Hotswap.Dashboard.Components.Dialogs;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Hotswap.Dashboard.Components.Pages;

public sealed partial class Versions
{
    private IReadOnlyList<string> _models = [];
    private IReadOnlyList<ModelVersionInfo> _versions = [];
    private ImmutableArray<HostState> _hosts = [];
    private ImmutableArray<VersionRowViewModel> _rows = [];
    private ModelEntry? _desired;
    private ActionOutcome? _outcome;
    private string? _error;
    private bool _busy;
    private bool _isOperator;
    private bool _reloading;

    [Parameter] public string? Model { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    [Inject] public required ModelRegistry Registry { get; init; }
    [Inject] public required FleetMonitor FleetMonitor { get; init; }
    [Inject] public required OperatorCommands Commands { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _isOperator = (await Authentication).User.IsInRole(Roles.Operator);
        Watch(FleetMonitor.Hosts, hosts =>
        {
            _hosts = hosts;
            Rebuild();
            // A host wants a version this page has not listed yet: it was just published.
            if (Model is { } model && hosts.Any(h => h.Status?.Models.Any(m => m.Model == model && m.DesiredVersion is { } v && _versions.All(x => x.Version != v)) == true))
            {
                InBackground(ReloadAsync);
            }
        });
        await StoreCall(async () => _models = await Registry.ListModelsAsync(Stopping));
    }

    protected override async Task OnParametersSetAsync()
    {
        Model ??= _models.FirstOrDefault();
        await ReloadAsync();
    }

    private void SelectModel(string model) => Navigation.NavigateTo($"versions/{Uri.EscapeDataString(model)}");

    private async Task ReloadAsync()
    {
        if (Model is not { } model || _reloading)
        {
            return;
        }

        _reloading = true;
        try
        {
            await StoreCall(async () =>
            {
                _versions = await Registry.ListVersionsAsync(model, Stopping);
                _desired = (await Registry.DesiredState.ReadAsync(Stopping)).Document.Find(model);
            });
            Rebuild();
        }
        finally
        {
            _reloading = false;
        }

        await InvokeAsync(StateHasChanged);
    }

    private void Rebuild() => _rows = VersionRowViewModel.Build(_versions, _desired, _hosts);

    private async Task RunAsync(ControlVerb verb, string? version, string confirmText)
    {
        _busy = true;
        try
        {
            if (await Commands.ConfirmAndRunAsync(new ControlAction(Model!, verb, version, null), confirmText, Stopping) is { } outcome)
            {
                _outcome = outcome;
                await ReloadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>A store that cannot be read is shown on the page, with what failed, instead of an empty list.</summary>
    private async Task StoreCall(Func<Task> read)
    {
        try
        {
            await read();
            _error = null;
        }
        catch (Exception e) when (e is StoreException or DesiredStateFormatException or InvalidDataException)
        {
            _error = $"Reading the store failed: {e.Message}";
        }
    }
}
