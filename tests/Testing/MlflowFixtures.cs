using System.Text;
using Hotswap.Registry.Storage;

namespace Hotswap.Testing;

/// <summary>
/// MLflow's own files, byte for byte (see Fixtures/Mlflow/README.md), and the way MLflow's tracking server lays a run's
/// model out in its artifact bucket.
/// </summary>
public static class MlflowFixtures
{
    /// <summary>The seed's model_list.json names this folder: <c>mlflow-artifacts:/1/RUN/artifacts/iris_regression_model</c>.</summary>
    public const string SeedArtifactPath = "1/7e224b4b743f4f848ec34ae09cc66ac2/artifacts/iris_regression_model";

    public static string MlModel2x => Read("MLmodel-2.x");

    public static string MlModel3x => Read("MLmodel-3.x");

    public static string SeedModelList => Read("model_list.json");

    /// <summary>
    /// MLflow's artifacts for a test's own prefix, as a tracking server started with
    /// <c>--artifacts-destination s3://mlflow/PREFIX/artifacts</c> keeps them.
    /// </summary>
    public static string ArtifactsDestination(string prefix) => $"s3://{S3rverProcess.MlflowBucket}/{prefix}/artifacts";

    /// <summary>The settings of a host, dashboard or CLI that reads <see cref="SeedAsync"/>'s store.</summary>
    public static Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["MLflow:ArtifactsDestination"] = ArtifactsDestination(prefix),
        ["ModelStore:AllowedBuckets:0"] = S3rverProcess.MlflowBucket,
    };

    /// <summary>
    /// The seed's situation in the store under <paramref name="prefix"/>: its model_list.json verbatim, naming
    /// <c>mlflow-artifacts:/1/RUN/artifacts/iris_regression_model</c>, and that folder (MLflow 2.x's MLmodel and
    /// <paramref name="onnx"/>) in the MLflow bucket where the tracking server would have put it. Returns the folder's URI.
    /// </summary>
    public static async Task<string> SeedAsync(S3rverProcess server, string prefix, byte[] onnx)
    {
        var folder = await WriteModelAsync(server, prefix, SeedArtifactPath, onnx);
        using (var models = S3ObjectStore.Create(StoreOptions(server, prefix), S3rverProcess.Bucket))
        {
            await WriteAsync(models, $"{prefix}/model_list.json", Encoding.UTF8.GetBytes(SeedModelList));
        }

        return folder;
    }

    /// <summary>
    /// A model folder as MLflow logs it (MLflow 2.x's MLmodel and <paramref name="onnx"/>) at <paramref name="artifactPath"/>
    /// of the tracking server's artifact store for <paramref name="prefix"/>; returns the folder's s3:// URI. Its
    /// <c>mlflow-artifacts:/</c> URI is <c>mlflow-artifacts:/</c> + <paramref name="artifactPath"/>.
    /// </summary>
    public static async Task<string> WriteModelAsync(S3rverProcess server, string prefix, string artifactPath, byte[] onnx)
    {
        var artifacts = StoreLocation.Parse(ArtifactsDestination(prefix));
        var folder = $"{artifacts.Prefix}{artifactPath}";
        using var mlflow = S3ObjectStore.Create(StoreOptions(server, prefix), artifacts.Bucket);
        await WriteAsync(mlflow, $"{folder}/model.onnx", onnx);
        await WriteAsync(mlflow, $"{folder}/MLmodel", Encoding.UTF8.GetBytes(MlModel2x));
        return $"s3://{artifacts.Bucket}/{folder}";
    }

    private static Registry.Configuration.ModelStoreOptions StoreOptions(S3rverProcess server, string prefix)
    {
        var options = server.StoreOptions(prefix);
        options.Timeout = TimeSpan.FromSeconds(60);
        return options;
    }

    private static async Task WriteAsync(IObjectStore store, string key, byte[] content)
    {
        using var stream = new MemoryStream(content);
        await store.WriteAsync(key, stream, WriteOptions.Default, CancellationToken.None);
    }

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Mlflow", name));
}
