using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Storage;
using Hotswap.Testing;
using Microsoft.Extensions.Configuration;

namespace Hotswap.Publisher.Tests.Support;

/// <summary>
/// A fresh, empty model store for one test, and the publisher run against it in-process: the store is chosen with
/// <c>--store</c>/<c>--service-url</c> and the rest comes from configuration, as environment variables would give it.
/// </summary>
public sealed class TestStore
{
    private TestStore(ModelStoreOptions options, IReadOnlyList<string> storeArguments, IReadOnlyDictionary<string, string?> configuration)
    {
        Options = options;
        StoreArguments = storeArguments;
        Configuration = configuration;
    }

    public enum Kind { S3, Directory }

    public ModelStoreOptions Options { get; }

    public IReadOnlyList<string> StoreArguments { get; }

    public IReadOnlyDictionary<string, string?> Configuration { get; }

    public static TestStore Create(Kind kind, S3rverProcess server, string directoryRoot) =>
        kind == Kind.S3 ? InS3(server) : InDirectory(Path.Combine(directoryRoot, Guid.NewGuid().ToString("N")));

    public static TestStore InS3(S3rverProcess server)
    {
        var options = server.StoreOptions($"test-{Guid.NewGuid():N}");
        var configuration = server.StoreConfiguration("unused")
            .Where(c => c.Key is not "ModelStore:Uri" and not "ModelStore:ServiceUrl")
            .ToDictionary();
        return new TestStore(options, ["--store", options.Uri, "--service-url", options.ServiceUrl!], configuration);
    }

    public static TestStore InDirectory(string directory) =>
        new(new ModelStoreOptions { Uri = directory }, ["--store", directory], new Dictionary<string, string?>());

    public ModelRegistry OpenRegistry() => ModelRegistry.Create(Options, TimeProvider.System);

    /// <summary>The same store with other configuration (credentials, say), still selected on the command line.</summary>
    public TestStore WithConfiguration(string key, string? value) =>
        new(Options, StoreArguments, new Dictionary<string, string?>(Configuration) { [key] = value });

    public Task<CliResult> RunAsync(params string[] arguments) => RunWithConfigurationAsync(Configuration, [.. arguments, .. StoreArguments]);

    public static async Task<CliResult> RunWithConfigurationAsync(IReadOnlyDictionary<string, string?> configuration, params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new CliContext(output, error, new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        var exitCode = await PublisherCli.RunAsync(arguments, cli, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Every object of the store with its exact bytes, to prove a refused command wrote nothing.</summary>
    public async Task<IReadOnlyList<(string Key, string Sha256)>> SnapshotAsync()
    {
        var location = StoreLocation.Parse(Options.Uri);
        IObjectStore store = location.IsS3 ? S3ObjectStore.Create(Options, location.Bucket) : new FileSystemObjectStore(location.RootDirectory);
        using var disposable = store as IDisposable;
        var objects = new List<(string, string)>();
        await foreach (var entry in store.ListAsync(location.Prefix, TestContext.Current.CancellationToken))
        {
            var read = await store.ReadAsync(entry.Key, null, TestContext.Current.CancellationToken);
            objects.Add((entry.Key, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(read.Content))));
        }

        return objects;
    }
}
