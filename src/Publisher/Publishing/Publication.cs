using Hotswap.Registry;
using Hotswap.Registry.Versions;

namespace Hotswap.Publisher.Publishing;

/// <summary>The last step of train and import: upload with progress, then say what the fleet will serve.</summary>
public static class Publication
{
    public static async Task<PublishResult> PublishAsync(CliContext cli, ModelRegistry registry, PublishRequest request, CancellationToken cancellationToken)
    {
        var size = new FileInfo(request.OnnxFilePath).Length;
        var progress = new UploadProgress(cli.Error, request.OnnxFileName, size, cli.Time);
        var result = await cli.Commands(registry).PublishAsync(request with { UploadProgress = progress }, cancellationToken);

        var version = result.Version;
        cli.Out.WriteLine($"published {version.Model} version {version.Version} to {version.Location}");
        cli.Out.WriteLine($"  sha256 {version.Sha256 ?? "-"}, {Sizes.Format(version.SizeBytes)}");
        cli.Out.WriteLine(result.DesiredStateAdvanced ? $"  desired state: advanced to version {version.Version}"
            : result.Follows is { } follows ? $"  desired state: stays at version {result.HeldAt}, as {version.Model} follows {follows} (stop following to serve version {version.Version})"
            : $"  desired state: held at version {result.HeldAt} by a pin (unpin {version.Model} to serve version {version.Version})");
        return result;
    }
}
