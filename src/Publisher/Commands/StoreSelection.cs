using System.CommandLine;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hotswap.Publisher.Commands;

/// <summary>
/// Which store a command works on: <c>ModelStore:*</c> from configuration (environment variables), with
/// <c>--store</c> and <c>--service-url</c> winning over <c>ModelStore__Uri</c> and <c>ModelStore__ServiceUrl</c>.
/// </summary>
public sealed class StoreSelection
{
    public Option<string> Store { get; } = new("--store")
    {
        Description = "The model store: s3://BUCKET/PREFIX or a local directory. Default: $ModelStore__Uri.",
        HelpName = "uri",
        Recursive = true,
    };

    public Option<string> ServiceUrl { get; } = new("--service-url")
    {
        Description = "An S3-compatible endpoint such as http://127.0.0.1:4568 (s3rver, MinIO). Default: $ModelStore__ServiceUrl, else AWS.",
        HelpName = "url",
        Recursive = true,
    };

    public ModelStoreOptions Resolve(ParseResult parse, IConfiguration configuration)
    {
        var options = new ModelStoreOptions();
        configuration.GetSection(ModelStoreOptions.Section).Bind(options);
        options.Uri = parse.GetValue(Store) ?? options.Uri;
        options.ServiceUrl = parse.GetValue(ServiceUrl) ?? options.ServiceUrl;

        if (string.IsNullOrWhiteSpace(options.Uri))
        {
            throw new UsageException("no model store: give --store s3://BUCKET/PREFIX (or a directory), or set ModelStore__Uri.");
        }

        var validation = new ModelStoreOptionsValidator().Validate(null, options);
        return validation.Failed ? throw new UsageException(string.Join(" ", validation.Failures)) : options;
    }

    /// <summary><c>MLflow:*</c> from configuration (<c>MLflow__ArtifactsDestination</c>): where <c>mlflow-artifacts:/</c> paths resolve.</summary>
    public static MlflowOptions ResolveMlflow(IConfiguration configuration)
    {
        var options = new MlflowOptions();
        configuration.GetSection(MlflowOptions.Section).Bind(options);
        var validation = new MlflowOptionsValidator().Validate(null, options);
        return validation.Failed ? throw new UsageException(string.Join(" ", validation.Failures)) : options;
    }
}
