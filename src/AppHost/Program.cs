using Hotswap.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var store = builder.AddModelStore();

// One-shot: publishes iris_model's next version so the store holds a model as soon as the system is up.
var publisher = builder.AddProject<Projects.Publisher>("publisher")
    .WithArgs("train", "--model", "iris_model", "--reason", "published at start-up by the AppHost")
    .WithModelStore(store);

// The operator token of the control API; override with Parameters__operator-token.
var operatorToken = builder.AddParameter("operator-token", "local-operator-token", secret: true);

var inferenceHost = builder.AddProject<Projects.InferenceHost>("inference-host")
    .WithModelStore(store)
    .WithEnvironment("Control__Token", operatorToken)
    .WithEnvironment("Swap__CacheDirectory", Path.Combine(builder.RepositoryRoot(), ".hotswap", "cache"))
    .WithHttpHealthCheck("/readyz")
    .WaitForCompletion(publisher);

// The ops console. Demo sign-in: operator / hotswap; give your own with Parameters__dashboard-password-hash
// (make one with: dotnet run --project src/Dashboard -- hash-password <password>).
var passwordHash = builder.AddParameter("dashboard-password-hash", "pbkdf2-sha256$100000$ZoNSpadrmUcW/GX6v9Lo6g==$KZRoID4WQRelYUtHSP2tL15liSsMJKQNgO3gsVQ8oSc=", secret: true);
builder.AddProject<Projects.Dashboard>("dashboard")
    .WithModelStore(store)
    .WithEnvironment("Dashboard__Hosts__0", inferenceHost.GetEndpoint("http"))
    .WithEnvironment("Dashboard__OperatorToken", operatorToken)
    .WithEnvironment("Dashboard__DatabasePath", Path.Combine(builder.RepositoryRoot(), ".hotswap", "dashboard.db"))
    .WithEnvironment("Dashboard__Operators__0__Name", "operator")
    .WithEnvironment("Dashboard__Operators__0__PasswordHash", passwordHash)
    .WithEnvironment("Dashboard__Operators__0__Role", "operator")
    .WithHttpHealthCheck("/login")
    .WaitFor(inferenceHost);

builder.Build().Run();
