using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hotswap.Onnx;
using Hotswap.Publisher.Publishing;
using Hotswap.Publisher.Training;
using Hotswap.Registry;
using Hotswap.Registry.Versions;

namespace Hotswap.Publisher.Commands;

public static class TrainCommand
{
    /// <summary>A scoring body MLflow's /invocations accepts (tf-serving format): one flower.</summary>
    public const string InputExample = """{"inputs": [[5.1, 3.5, 0.2]]}""";

    public static Command Create(CliContext cli, StoreSelection store)
    {
        var model = CommonOptions.Model();
        var version = CommonOptions.Version("The version to publish. Default: one more than the newest numeric version.");
        var seed = new Option<int?>("--seed")
        {
            Description = "Seeds the validation split and the trainer. Default: derived from the version, so each version is a different model.",
            HelpName = "n",
        };
        var reason = CommonOptions.Reason("Why, recorded in the desired state.");
        var command = new Command("train", "Trains the Iris petal-length regression with ML.NET, checks its ONNX export against ML.NET, and publishes it.")
        {
            model, version, seed, reason,
        };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(model);
            Naming.EnsureValidModel(name);
            var number = parse.GetValue(version) ?? await registry.NextVersionAsync(name, cancellationToken);
            Naming.EnsureValidVersion(name, number);
            await TrainAndPublishAsync(cli, registry, name, number, parse.GetValue(seed) ?? SeedOf(number), parse.GetValue(reason), cancellationToken);
        });
        return command;
    }

    private static async Task TrainAndPublishAsync(CliContext cli, ModelRegistry registry, string model, string version, int seed, string? reason, CancellationToken cancellationToken)
    {
        var what = $"{model} version {version}";
        var trained = IrisTrainer.Train(seed);
        cli.Out.WriteLine($"trained {what} with seed {seed}: {trained.TrainingRowCount} training rows, {trained.ValidationRows.Count} validation rows");
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validation: mse={trained.MeanSquaredError:G6} r2={trained.RSquared:G6}"));

        var directory = Directory.CreateTempSubdirectory("hotswap-train-");
        try
        {
            var onnxPath = Path.Combine(directory.FullName, "model.onnx");
            trained.ExportOnnx(onnxPath);
            using var session = OnnxModelLoader.Load(onnxPath, $"the ONNX export of {what}");
            var worst = ExportCheck.Verify(session, trained, what);
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"onnx check: ONNX Runtime equals ML.NET on {trained.ValidationRows.Count} validation rows (largest difference {worst:G3})"));

            await Publication.PublishAsync(cli, registry, new PublishRequest
            {
                Model = model,
                Version = version,
                OnnxFilePath = onnxPath,
                Signature = OnnxSignature.Read(session),
                InputExampleJson = InputExample,
                Metrics = trained.Metrics,
                RunId = Guid.NewGuid().ToString("N"),
                Source = $"hotswap-publisher train: ML.NET NormalizeMinMax + Sdca regression of Iris petal length from sepal length, sepal width and petal width; seed {seed}, {trained.TrainingRowCount} training rows",
                PublishedBy = cli.User,
                Reason = reason,
            }, cancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Version n trains with seed n; other names with a stable hash, never string.GetHashCode (random per process).</summary>
    private static int SeedOf(string version) =>
        int.TryParse(version, CultureInfo.InvariantCulture, out var n) ? n : BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(version)));
}
