namespace Hotswap.AppHost;

/// <summary>
/// The model store of the local system: s3rver on a loopback port (after <c>npm ci</c> installed it), or a plain
/// directory. The parameter <c>store</c> (<c>s3</c>, the default, or <c>local</c>) chooses; set it with
/// <c>dotnet run --project src/AppHost -- --Parameters:store=local</c> or <c>Parameters__store=local</c>.
/// </summary>
public static class ModelStoreExtensions
{
    public const string Bucket = "models";
    public const string Prefix = "hotswap";

    public static ModelStore AddModelStore(this IDistributedApplicationBuilder builder, LocalSettings settings)
    {
        var kind = builder.Configuration["Parameters:store"] ?? "s3";
        return kind switch
        {
            "s3" => new ModelStore($"s3://{Bucket}/{Prefix}", $"http://127.0.0.1:{settings.S3rverPort}", builder.AddS3rver(settings)),
            "local" => new ModelStore(Path.Combine(settings.DataDirectory, "store"), null, null),
            _ => throw new InvalidOperationException($"The parameter store is '{kind}'; use 's3' (s3rver) or 'local' (a directory under the data folder)."),
        };
    }

    /// <summary>Points a resource at the store, and makes it wait until s3rver answers.</summary>
    public static IResourceBuilder<T> WithModelStore<T>(this IResourceBuilder<T> resource, ModelStore store)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        resource.WithEnvironment("ModelStore__Uri", store.Uri);
        if (store.Server is null)
        {
            return resource;
        }

        return resource
            .WithEnvironment("ModelStore__ServiceUrl", store.ServiceUrl)
            .WithEnvironment("ModelStore__AccessKeyId", ModelStore.S3rverKey)
            .WithEnvironment("ModelStore__SecretAccessKey", ModelStore.S3rverKey)
            .WaitFor(store.Server);
    }

    private static IResourceBuilder<ExecutableResource> AddS3rver(this IDistributedApplicationBuilder builder, LocalSettings settings)
    {
        var root = builder.RepositoryRoot();
        var data = Path.Combine(settings.DataDirectory, "s3rver");
        Directory.CreateDirectory(data);
        // s3rver makes paging tokens with DES, which Node's OpenSSL 3 refuses without the legacy provider. It runs behind
        // a launcher that makes each PUT atomic, as S3 does: the hosts' guards may write model_list.json at one moment.
        var s3rver = builder.AddExecutable(
                "s3rver",
                "node",
                root,
                "--openssl-legacy-provider", "tools/atomic-s3rver.js",
                "-d", data, "-a", "127.0.0.1", "-p", settings.S3rverPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--configure-bucket", Bucket)
            .WithHttpEndpoint(port: settings.S3rverPort, isProxied: false)
            // The bucket answers once s3rver listens and has created it: only then can anything publish.
            .WithHttpHealthCheck($"/{Bucket}");
        if (settings.InstallNodeTools)
        {
            s3rver.WaitForCompletion(builder.AddExecutable("npm-ci", "npm", root, "ci", "--no-audit", "--no-fund"));
        }

        return s3rver;
    }

    /// <summary>The folder holding Control.sln: node_modules and .hotswap live there.</summary>
    public static string RepositoryRoot(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
}
