using Hotswap.Dashboard.Mlflow;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Hotswap.Dashboard.Components.Dialogs;

/// <summary>
/// The one way a page runs a command: the operator confirms it and gives a reason, the fleet runs it under the
/// signed-in name, and the outcome comes back for the page to show. An unpin lets a model that follows MLflow's
/// registry follow again at once, not at the next poll.
/// </summary>
public sealed class OperatorCommands(IDialogService dialogs, FleetControl control, MlflowSync mlflow, AuthenticationStateProvider authentication)
{
    /// <returns>The outcome, or null when the operator cancelled.</returns>
    public async Task<ActionOutcome?> ConfirmAndRunAsync(ControlAction action, string confirmText, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(Roles.Operator))
        {
            throw new InvalidOperationException($"Only a signed-in operator may {action.Describe()}.");
        }

        var parameters = new DialogParameters<ConfirmActionDialog>
        {
            { d => d.Title, char.ToUpperInvariant(confirmText[0]) + confirmText[1..] + "?" },
            { d => d.Message, $"This will {action.Describe()} on every host, through the store's desired state." },
            { d => d.ConfirmText, confirmText },
            { d => d.AllowForce, action.Verb is ControlVerb.Pin or ControlVerb.Refresh },
            { d => d.AskWeight, action.Verb == ControlVerb.StartCanary },
            { d => d.Weight, action.Weight },
        };
        var dialog = await dialogs.ShowAsync<ConfirmActionDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: ConfirmedAction confirmed })
        {
            return null;
        }

        var outcome = await control.RunAsync(action with { Reason = confirmed.Reason, Force = confirmed.Force, Weight = action.Verb == ControlVerb.StartCanary ? confirmed.Weight : action.Weight }, user.Identity!.Name!, cancellationToken);
        if (action.Verb == ControlVerb.Unpin && outcome.Succeeded)
        {
            mlflow.Ask(new SyncReason($"{action.Model} unpinned by {user.Identity.Name}", null, null));
        }

        return outcome;
    }
}
