using Hotswap.Bench;
using Hotswap.Bench.NoopServer;

if (args.Length > 0 && args[0] == NoopServerApp.Command)
{
    await NoopServerApp.RunAsync(args[1..]);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Unwind instead of dying, so every server process is stopped and the scratch stores are deleted.
    e.Cancel = true;
    cancel.Cancel();
};
return await BenchRun.RunAsync(args, Console.Out, cancel.Token);
