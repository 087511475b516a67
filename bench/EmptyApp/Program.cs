using Hotswap.Bench.NoopServer;

await NoopServerApp.RunAsync(args);
