using Bunit;
using Hotswap.Dashboard.Components.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class ConfirmActionDialogTests : DashboardTestContext
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> ShowAsync()
    {
        var provider = Render<MudDialogProvider>();
        var parameters = new DialogParameters<ConfirmActionDialog>
        {
            { d => d.Title, "Pin version 1?" },
            { d => d.Message, "This will pin iris_model to version 1 on every host." },
            { d => d.ConfirmText, "pin version 1" },
            { d => d.AllowForce, true },
        };
        var dialog = await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ConfirmActionDialog>(null, parameters));
        return (provider, dialog);
    }

    private static AngleSharp.Dom.IElement ConfirmButton(IRenderedComponent<MudDialogProvider> provider) =>
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "pin version 1");

    [Fact]
    public async Task The_action_cannot_be_confirmed_without_a_reason()
    {
        var (provider, _) = await ShowAsync();

        Assert.Contains("This will pin iris_model to version 1 on every host.", provider.Markup);
        Assert.True(ConfirmButton(provider).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Confirming_returns_the_reason_and_the_force_choice()
    {
        var (provider, dialog) = await ShowAsync();

        provider.Find("textarea").Input("v2 drifts on new data");
        provider.Find("input[type=checkbox]").Change(true);
        provider.WaitForAssertion(() => Assert.False(ConfirmButton(provider).HasAttribute("disabled")));
        ConfirmButton(provider).Click();

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(new ConfirmedAction("v2 drifts on new data", true), result.Data);
    }

    [Fact]
    public async Task Cancelling_returns_a_cancelled_result()
    {
        var (provider, dialog) = await ShowAsync();

        provider.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        Assert.True((await dialog.Result)!.Canceled);
    }

    [Fact]
    public async Task A_canary_start_asks_for_its_weight_and_returns_the_one_chosen()
    {
        var provider = Render<MudDialogProvider>();
        var parameters = new DialogParameters<ConfirmActionDialog>
        {
            { d => d.Title, "Start canary of version 2?" },
            { d => d.Message, "This will start a 10% canary of iris_model version 2 on every host." },
            { d => d.ConfirmText, "start canary of version 2" },
            { d => d.AskWeight, true },
            { d => d.Weight, 10 },
        };
        var dialog = await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ConfirmActionDialog>(null, parameters));

        provider.Find("input[type=range]").Input("35");
        provider.Find("textarea").Input("a third of the traffic");
        provider.WaitForAssertion(() => Assert.Contains("Weight: 35%", provider.Markup));
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "start canary of version 2").Click();

        Assert.Equal(new ConfirmedAction("a third of the traffic", false, 35), (await dialog.Result)!.Data);
    }
}
