using Amazon.Runtime;
using Hotswap.Onnx;
using Hotswap.Publisher.Publishing;
using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Mlflow;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;

namespace Hotswap.Publisher.Commands;

/// <summary>
/// Failures an operator causes or meets (a store down, a refused file, a name taken) and whose message already says
/// what is wrong: these print one line, not a stack trace. Anything else is a bug and keeps its trace.
/// </summary>
public static class ExpectedErrors
{
    public static bool IsExpected(Exception e) => e is
        StoreException
        or AmazonClientException
        or InvalidOnnxModelException
        or PublishRefusedException
        or VersionNotFoundException
        or CommandRefusedException
        or MlflowRequestException
        or ChecksumMismatchException
        or DesiredStateFormatException
        or InvalidDataException
        or FileNotFoundException
        or DirectoryNotFoundException
        or UnauthorizedAccessException
        or FormatException
        or ArgumentException
        or InvalidOperationException;

    /// <summary>One line, whatever the message holds: ONNX Runtime and the AWS SDK sometimes span several.</summary>
    public static string OneLine(Exception e) => $"error: {e.Message.ReplaceLineEndings(" ").Trim()}";
}
