using Hotswap.TrafficClient;
using Hotswap.TrafficClient.Configuration;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<TrafficOptions>().Bind(builder.Configuration.GetSection(TrafficOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<TrafficOptions>, TrafficOptionsValidator>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(new HttpClient { Timeout = TimeSpan.FromSeconds(10) });
builder.Services.AddHostedService<TrafficLoop>();
builder.Build().Run();
