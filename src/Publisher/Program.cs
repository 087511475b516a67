using Hotswap.Onnx;
using Hotswap.Publisher;
using Microsoft.Extensions.Configuration;

// Before ONNX Runtime loads to check an export: no telemetry written under $HOME or sent to Microsoft.
OnnxRuntimeTelemetry.DisableUnlessConfigured();

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
return await PublisherCli.RunAsync(args, new CliContext(Console.Out, Console.Error, configuration));
