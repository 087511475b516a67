using Hotswap.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = DistributedApplication.CreateBuilder(args);
var settings = LocalSettings.From(builder);
var store = builder.AddModelStore(settings);

// Publishes iris_model's next version: once at start, so the store holds a model, and again each time it is started
// from the Aspire dashboard, so a newcomer can watch a swap.
var publisher = builder.AddProject<Projects.Publisher>("publisher")
    .WithArgs("train", "--model", "iris_model", "--reason", "published by the AppHost's publisher resource")
    .WithModelStore(store);

// The operator token of the control API; override with Parameters__operator-token. The hosts and the dashboard run in
// Development, the only environment that accepts this demo token (elsewhere a token needs 32+ characters).
var operatorToken = builder.AddSecretParameter("operator-token", "local-operator-token");

// The dashboard's own token (override with Parameters__dashboard-token): hosts know it by its hash as the operator
// "dashboard", which acts for whoever signed in to the dashboard and is recorded as dashboard:<name>.
var dashboardToken = builder.AddSecretParameter("dashboard-token", "local-dashboard-token");

// The token hosts announce themselves to the dashboard with (override with Parameters__fleet-token): it admits a host
// to the dashboard's fleet hub and grants nothing else.
var fleetToken = builder.AddSecretParameter("fleet-token", "local-fleet-token");

// A bearer token for scripts reading the fleet (override with Parameters__api-token):
//   curl -H "Authorization: Bearer local-api-token" http://127.0.0.1:5090/api/fleet
var apiToken = builder.AddSecretParameter("api-token", "local-api-token");

// The ops console. Demo sign-in: operator / hotswap; give your own with Parameters__dashboard-password-hash
// (make one with: dotnet run --project src/Dashboard -- hash-password <password>). It dials no host: each announces
// itself to it, so it starts without a host list and shows whichever hosts run.
var ownPassword = builder.Configuration["Parameters:dashboard-password-hash"] is not null;
var passwordHash = builder.AddSecretParameter("dashboard-password-hash", "pbkdf2-sha256$100000$ZoNSpadrmUcW/GX6v9Lo6g==$KZRoID4WQRelYUtHSP2tL15liSsMJKQNgO3gsVQ8oSc=");
var dashboard = builder.AddProject<Projects.Dashboard>("dashboard")
    .OnLoopbackPort(settings.DashboardPort)
    .WithModelStore(store)
    .WithEnvironment("Dashboard__OperatorToken", dashboardToken)
    .WithEnvironment("Fleet__Token", fleetToken)
    .WithEnvironment("Dashboard__ApiTokens__0", apiToken)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", Environments.Development)
    .WithEnvironment("Dashboard__DatabasePath", Path.Combine(settings.DataDirectory, "dashboard.db"))
    .WithEnvironment("Dashboard__Operators__0__Name", "operator")
    .WithEnvironment("Dashboard__Operators__0__PasswordHash", passwordHash)
    .WithEnvironment("Dashboard__Operators__0__Role", "operator")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Ops dashboard (sign in as operator)")
    .WithHttpHealthCheck("/login");

// The hosts announce themselves to the dashboard's fleet hub; they do not wait for it (they reconnect until it answers).
var hosts = settings.HostPorts.Select((port, i) =>
{
    var name = $"inference-host-{i + 1}";
    var host = builder.AddProject<Projects.InferenceHost>(name)
        .OnLoopbackPort(port)
        .WithModelStore(store)
        .WithEnvironment("Swap__HostId", name)
        .WithEnvironment("Swap__CacheDirectory", Path.Combine(settings.DataDirectory, "cache", name))
        .WithEnvironment("Control__Token", operatorToken)
        .WithDashboardOperator(dashboardToken)
        .WithEnvironment("Fleet__DashboardUrl", dashboard.GetEndpoint("http"))
        .WithEnvironment("Fleet__Token", fleetToken)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", Environments.Development)
        .WithHttpHealthCheck("/readyz")
        .WaitForCompletion(publisher);
    return host.WithEnvironment("Fleet__BaseUrl", host.GetEndpoint("http"));
}).ToList();

// The seed's client: one prediction a second, taking turns over the hosts, logging version and prediction.
var traffic = builder.AddProject<Projects.TrafficClient>("traffic");
foreach (var (host, i) in hosts.Select((h, i) => (h, i)))
{
    traffic.WithEnvironment($"Traffic__Hosts__{i}", host.GetEndpoint("http")).WaitFor(host);
}

builder.Eventing.Subscribe<ResourceReadyEvent>(dashboard.Resource, (e, _) =>
{
    var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hotswap.AppHost");
    AppHostLog.DashboardReady(logger, $"http://127.0.0.1:{settings.DashboardPort}", "operator", ownPassword ? "the password of Parameters:dashboard-password-hash" : "password hotswap");
    return Task.CompletedTask;
});

builder.Build().Run();
