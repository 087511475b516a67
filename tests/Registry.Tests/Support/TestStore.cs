using System.Text;
using Hotswap.Registry.Storage;
using Hotswap.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.Registry.Tests.Support;

/// <summary>
/// A fresh, empty store with a registry over it: a temporary directory, or a prefix of its own on the shared s3rver.
/// Each has a sandbox folder for scratch files; a local store's root is a folder inside it, so anything written
/// outside the root is visible to the test.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private TestStore(StoreKind kind, string sandbox, IObjectStore objects, StoreLocation location)
    {
        Kind = kind;
        Sandbox = sandbox;
        Objects = objects;
        Location = location;
        MlflowArtifacts = Path.Combine(sandbox, "mlflow");
        Registry = new ModelRegistry(new VersionLocations(location, objects, artifactsDestination: MlflowArtifacts), Time, requireChecksum: false);
    }

    public StoreKind Kind { get; }

    public string Sandbox { get; }

    public IObjectStore Objects { get; }

    public StoreLocation Location { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public ModelRegistry Registry { get; }

    public string DesiredStateKey => Location.Prefix + "model_list.json";

    /// <summary>MLflow's artifact store in the sandbox (<c>MLflow:ArtifactsDestination</c>): where <c>mlflow-artifacts:/</c> paths resolve.</summary>
    public string MlflowArtifacts { get; }

    /// <summary>A model folder as MLflow writes it (MLflow 2.x's MLmodel and <paramref name="onnx"/>) at <paramref name="artifactPath"/>; its <c>mlflow-artifacts:/</c> URI.</summary>
    public string WriteMlflowModel(string artifactPath, byte[] onnx)
    {
        var folder = Directory.CreateDirectory(Path.Combine(MlflowArtifacts, artifactPath)).FullName;
        File.WriteAllText(Path.Combine(folder, "MLmodel"), MlflowFixtures.MlModel2x);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), onnx);
        return $"mlflow-artifacts:/{artifactPath}";
    }

    public static TestStore Open(StoreKind kind, S3rverFixture s3) => kind switch
    {
        StoreKind.Local => Local(),
        _ => S3(s3.Server),
    };

    public static TestStore Local()
    {
        var sandbox = Directory.CreateTempSubdirectory("hotswap-registry-").FullName;
        var location = StoreLocation.Parse(Path.Combine(sandbox, "store"));
        return new TestStore(StoreKind.Local, sandbox, new FileSystemObjectStore(location.RootDirectory), location);
    }

    public static TestStore S3(S3rverProcess server, string? prefix = null)
    {
        var sandbox = Directory.CreateTempSubdirectory("hotswap-registry-").FullName;
        // No test here is about the store's deadline, and a busy 2-core machine can hold one of 16 parallel calls longer than 5 s.
        var options = server.StoreOptions(prefix ?? $"t-{Guid.NewGuid():N}");
        options.Timeout = TimeSpan.FromSeconds(30);
        var location = StoreLocation.Parse(options.Uri);
        return new TestStore(StoreKind.S3, sandbox, S3ObjectStore.Create(options, location.Bucket), location);
    }

    /// <summary>A new file in the sandbox's scratch folder holding <paramref name="content"/>.</summary>
    public string ScratchFile(byte[] content)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(Sandbox, "scratch")).FullName, $"{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Every file in the sandbox but the scratch files: what the code under test wrote, wherever it wrote it.</summary>
    public IReadOnlyList<string> FilesWritten() =>
        [.. Directory.EnumerateFiles(Sandbox, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(Sandbox, "scratch") + Path.DirectorySeparatorChar, StringComparison.Ordinal))];

    public async Task WriteAsync(string key, byte[] content)
    {
        using var stream = new MemoryStream(content);
        await Objects.WriteAsync(key, stream, WriteOptions.Default, TestContext.Current.CancellationToken);
    }

    public Task WriteTextAsync(string key, string text) => WriteAsync(key, Encoding.UTF8.GetBytes(text));

    public async Task<byte[]?> ReadAsync(string key)
    {
        var read = await Objects.ReadAsync(key, null, TestContext.Current.CancellationToken);
        return read.Status == ObjectReadStatus.Found ? read.Content : null;
    }

    /// <summary>Every key under the store's prefix, sorted.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync()
    {
        var keys = new List<string>();
        await foreach (var entry in Objects.ListAsync(Location.Prefix, TestContext.Current.CancellationToken))
        {
            keys.Add(entry.Key);
        }

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    public ValueTask DisposeAsync()
    {
        (Objects as IDisposable)?.Dispose();
        Directory.Delete(Sandbox, recursive: true);
        return ValueTask.CompletedTask;
    }
}
