using Hotswap.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var store = builder.AddModelStore();

// One-shot: publishes iris_model's next version so the store holds a model as soon as the system is up.
builder.AddProject<Projects.Publisher>("publisher")
    .WithArgs("train", "--model", "iris_model", "--reason", "published at start-up by the AppHost")
    .WithModelStore(store);

builder.Build().Run();
