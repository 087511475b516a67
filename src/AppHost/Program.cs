using Hotswap.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var store = builder.AddModelStore();

// One-shot: publishes iris_model's next version so the store holds a model as soon as the system is up.
var publisher = builder.AddProject<Projects.Publisher>("publisher")
    .WithArgs("train", "--model", "iris_model", "--reason", "published at start-up by the AppHost")
    .WithModelStore(store);

// The operator token of the control API; override with Parameters__operator-token.
var operatorToken = builder.AddParameter("operator-token", "local-operator-token", secret: true);

builder.AddProject<Projects.InferenceHost>("inference-host")
    .WithModelStore(store)
    .WithEnvironment("Control__Token", operatorToken)
    .WithEnvironment("Swap__CacheDirectory", Path.Combine(builder.RepositoryRoot(), ".hotswap", "cache"))
    .WithHttpHealthCheck("/readyz")
    .WaitForCompletion(publisher);

builder.Build().Run();
