using Hotswap.Publisher;
using Microsoft.Extensions.Configuration;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
return await PublisherCli.RunAsync(args, new CliContext(Console.Out, Console.Error, configuration));
