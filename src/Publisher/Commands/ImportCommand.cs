using System.CommandLine;
using Hotswap.Onnx;
using Hotswap.Publisher.Importing;
using Hotswap.Publisher.Publishing;
using Hotswap.Registry.Versions;

namespace Hotswap.Publisher.Commands;

public static class ImportCommand
{
    public static Command Create(CliContext cli, StoreSelection store)
    {
        var path = new Argument<string>("path") { Description = "An .onnx file, an MLflow model directory (MLmodel + its ONNX file), or a version in MLflow: models:/NAME@ALIAS, models:/NAME/VERSION, models:/NAME/latest or runs:/RUN_ID/PATH (with MLflow__TrackingUri)." };
        var model = CommonOptions.Model();
        var version = CommonOptions.Version("The version to publish. Default: one more than the newest numeric version.");
        var reason = CommonOptions.Reason("Why, recorded in the desired state.");
        var command = new Command("import", "Publishes an existing ONNX model, refusing one ONNX Runtime cannot load before writing anything.")
        {
            path, model, version, reason,
        };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var named = parse.GetRequiredValue(path);
            var fetched = MlflowImport.Names(named)
                ? await MlflowImport.FetchAsync(StoreSelection.ResolveMlflow(cli.Configuration), registry, named, store.Resolve(parse, cli.Configuration).MaxVersionBytes, cancellationToken)
                : null;
            try
            {
                await PublishAsync(fetched is null ? ImportSource.Read(named) : FromMlflow(fetched));
            }
            finally
            {
                if (fetched is not null)
                {
                    Directory.Delete(fetched.Directory, recursive: true);
                }
            }

            async Task PublishAsync(ImportSource source)
            {
                using var session = OnnxModelLoader.Load(source.OnnxPath, source.OnnxPath);
                var signature = source.Signature.Inputs.Count > 0 ? source.Signature : OnnxSignature.Read(session);
                await Publication.PublishAsync(cli, registry, new PublishRequest
                {
                    Model = parse.GetRequiredValue(model),
                    Version = parse.GetValue(version),
                    OnnxFilePath = source.OnnxPath,
                    Signature = signature,
                    InputExampleJson = source.InputExampleJson,
                    Metrics = source.Metrics,
                    RunId = source.RunId,
                    Source = source.Description,
                    PublishedBy = cli.User,
                    Reason = parse.GetValue(reason),
                }, cancellationToken);
            }
        });
        return command;
    }

    private static ImportSource FromMlflow(MlflowImport.Fetched fetched)
    {
        var source = ImportSource.Read(fetched.Directory);
        return source with { Description = fetched.Description, RunId = source.RunId ?? fetched.RunId };
    }
}
