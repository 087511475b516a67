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
        var path = new Argument<string>("path") { Description = "An .onnx file, or an MLflow model directory (MLmodel + its ONNX file)." };
        var model = CommonOptions.Model();
        var version = CommonOptions.Version("The version to publish. Default: one more than the newest numeric version.");
        var reason = CommonOptions.Reason("Why, recorded in the desired state.");
        var command = new Command("import", "Publishes an existing ONNX model, refusing one ONNX Runtime cannot load before writing anything.")
        {
            path, model, version, reason,
        };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var source = ImportSource.Read(parse.GetRequiredValue(path));
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
        });
        return command;
    }
}
