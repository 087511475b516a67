using System.Collections.Immutable;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Components.Dialogs;
using Hotswap.Dashboard.Mlflow;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Components.Pages;

public sealed partial class Versions
{
    private const int DefaultCanaryWeight = 10;

    private IReadOnlyList<string> _models = [];
    private IReadOnlyList<ModelVersionInfo> _versions = [];
    private ImmutableArray<HostState> _hosts = [];
    private ImmutableArray<VersionRowViewModel> _rows = [];
    private ModelEntry? _desired;
    private RegistryFollowing _following = RegistryFollowing.None;
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
    [Inject] public required MlflowSync MlflowSync { get; init; }
    [Inject] public required IOptions<MlflowOptions> MlflowOptions { get; init; }

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
        Watch(MlflowSync.Following, following =>
        {
            _following = following;
            // The registry moved this model: the desired state and the versions it lists changed.
            if (Model is { } model && following.Models.GetValueOrDefault(model)?.Serving is { } serving && serving != _desired?.Version)
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

    /// <summary>Starts a shadow or a canary of <paramref name="version"/>; once the fleet has it, its rollout page follows it.</summary>
    private async Task StartRolloutAsync(string version, RolloutMode mode)
    {
        _busy = true;
        try
        {
            var verb = mode == RolloutMode.Canary ? ControlVerb.StartCanary : ControlVerb.StartShadow;
            var action = new ControlAction(Model!, verb, version, null, Weight: mode == RolloutMode.Canary ? DefaultCanaryWeight : 0);
            if (await Commands.ConfirmAndRunAsync(action, $"start {mode.ToString().ToLowerInvariant()} of version {version}", Stopping) is { } outcome)
            {
                _outcome = outcome;
                if (outcome.Succeeded)
                {
                    Navigation.NavigateTo($"rollouts/{Uri.EscapeDataString(Model!)}");
                    return;
                }

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
