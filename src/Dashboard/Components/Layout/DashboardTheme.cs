using MudBlazor;

namespace Hotswap.Dashboard.Components.Layout;

public static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3f51b5", AppbarBackground = "#3f51b5" },
        PaletteDark = new PaletteDark { Primary = "#7e8ce0", AppbarBackground = "#1e1e2d" },
    };
}
