using System.Text.Json;
using Microsoft.Playwright;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Times what a page shows by the browser's own clock: the first frame in which a condition on the page holds (the frame
/// that paints it), in milliseconds since the navigation started. Playwright's own waits add their round trips through
/// the test process, which on a loaded 2-core machine (here, one also running 500 SignalR clients) took longer than the
/// page itself; this measures the page.
/// </summary>
public sealed class FrameClock
{
    // A mutation observer sees every change as the parser or Blazor makes it; the first animation frame after the
    // condition holds is the frame that paints it. The last input or click is remembered, so a filter's time starts when
    // the user acted.
    private const string Script = """
        window.__frameClock = { frames: {}, watches: [], actedAt: null };
        for (const type of ['input', 'click']) document.addEventListener(type, () => window.__frameClock.actedAt = performance.now(), true);
        new MutationObserver(() => window.__frameClock.check()).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        window.__frameClock.check = () => {
            for (const watch of window.__frameClock.watches) {
                if (!watch.pending && !(watch.name in window.__frameClock.frames) && watch.condition()) {
                    watch.pending = true;
                    requestAnimationFrame(time => window.__frameClock.frames[watch.name] = time);
                }
            }
        };
        window.__frameClock.watch = (name, condition) => { window.__frameClock.watches.push({ name, condition }); window.__frameClock.check(); };
        """;

    private readonly IPage _page;
    private readonly float _timeoutMs;

    private FrameClock(IPage page, TimeSpan timeout) => (_page, _timeoutMs) = (page, (float)timeout.TotalMilliseconds);

    /// <summary>
    /// Installs the clock in every document <paramref name="page"/> loads from now on; <paramref name="firstWatches"/>
    /// (name, JavaScript expression) are watched from the first byte of the next document.
    /// </summary>
    public static async Task<FrameClock> InstallAsync(IPage page, TimeSpan timeout, params (string Name, string Condition)[] firstWatches)
    {
        var watches = string.Concat(firstWatches.Select(w => $"window.__frameClock.watch({JsonSerializer.Serialize(w.Name)}, () => {w.Condition});\n"));
        await page.AddInitScriptAsync(Script + watches);
        return new FrameClock(page, timeout);
    }

    /// <summary>Starts watching <paramref name="condition"/> (a JavaScript expression) in the current document.</summary>
    public Task WatchAsync(string name, string condition) =>
        _page.EvaluateAsync($"() => window.__frameClock.watch({JsonSerializer.Serialize(name)}, () => {condition})");

    /// <summary>The time of the frame in which the watch named <paramref name="name"/> first held, since the navigation started.</summary>
    public async Task<TimeSpan> FrameAsync(string name)
    {
        var frame = await _page.WaitForFunctionAsync($"() => window.__frameClock.frames[{JsonSerializer.Serialize(name)}]", null, new() { Timeout = _timeoutMs });
        return TimeSpan.FromMilliseconds(await frame.JsonValueAsync<double>());
    }

    /// <summary>From the last input or click to the frame in which the watch named <paramref name="name"/> first held.</summary>
    public async Task<TimeSpan> SinceLastActionAsync(string name)
    {
        var frame = await FrameAsync(name);
        return frame - TimeSpan.FromMilliseconds(await _page.EvaluateAsync<double>("() => window.__frameClock.actedAt"));
    }
}
