using System.Collections.Immutable;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Components.Dialogs;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.Rollouts;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Hotswap.Dashboard.Components.Pages;

/// <summary>
/// One model's rollout, live: the candidate and its controls, the fleet's figures per version as charts, each host's
/// guard, and the auto-rollbacks. Everything re-renders from the services' pushes; nothing is polled.
/// </summary>
public sealed partial class RolloutPage
{
    private ImmutableArray<HostState> _hosts = [];
    private ImmutableDictionary<string, ModelRollout> _rollouts = ImmutableDictionary<string, ModelRollout>.Empty;
    private ImmutableList<FeedEntry> _feed = [];
    private ImmutableArray<string> _models = [];
    private ImmutableArray<(string Model, RolloutStatus Candidate)> _active = [];
    private RolloutViewModel? _view;
    private RolloutChartData _charts = RolloutChartData.Build([]);
    private ActionOutcome? _outcome;
    private bool _busy;
    private bool _isOperator;
    private int _weight = 10;
    private int? _candidateWeight;

    [Parameter] public string? Model { get; set; }

    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    [Inject] public required FleetMonitor FleetMonitor { get; init; }
    [Inject] public required RolloutMonitor RolloutMonitor { get; init; }
    [Inject] public required SwapFeed SwapFeed { get; init; }
    [Inject] public required OperatorCommands Commands { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _isOperator = (await Authentication).User.IsInRole(Roles.Operator);
        Watch(FleetMonitor.Hosts, hosts => { _hosts = hosts; Rebuild(); });
        Watch(RolloutMonitor.Models, rollouts => { _rollouts = rollouts; Rebuild(); });
        Watch(SwapFeed.Entries, entries => { _feed = entries; Rebuild(); });
    }

    protected override void OnParametersSet() => Rebuild();

    private void SelectModel(string model) => Navigation.NavigateTo($"rollouts/{Uri.EscapeDataString(model)}");

    private void Rebuild()
    {
        _active = RolloutViewModel.Active(_hosts);
        _models = [.. _hosts.SelectMany(h => h.Status?.Models ?? []).Select(m => m.Model).Concat(_rollouts.Keys).Distinct().Order(StringComparer.Ordinal)];
        var model = Model ?? (_active.IsEmpty ? _models.FirstOrDefault() : _active[0].Model);
        if (model is null)
        {
            _view = null;
            return;
        }

        _view = RolloutViewModel.Build(model, _hosts, _rollouts.GetValueOrDefault(model), _feed);
        _charts = RolloutChartData.Build(_view.Samples);
        // The slider follows the store's weight until the operator moves it.
        if (_view.Candidate is { Mode: RolloutMode.Canary } candidate && candidate.Weight != _candidateWeight)
        {
            _candidateWeight = candidate.Weight;
            _weight = candidate.Weight;
        }
    }

    private async Task RunAsync(ControlVerb verb, string confirmText)
    {
        if (_view is not { } view)
        {
            return;
        }

        _busy = true;
        try
        {
            var action = new ControlAction(view.Model, verb, null, null, Weight: verb == ControlVerb.SetWeight ? _weight : 0);
            if (await Commands.ConfirmAndRunAsync(action, confirmText, Stopping) is { } outcome)
            {
                _outcome = outcome;
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
