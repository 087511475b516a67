using Hotswap.Publisher.Publishing;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.Publisher.Tests.Publishing;

public sealed class UploadProgressTests
{
    private readonly StringWriter _error = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Reports_arriving_within_a_second_print_one_line()
    {
        var progress = new UploadProgress(_error, "model.onnx", 1000, _time);

        foreach (var uploaded in new[] { 100L, 200, 300 })
        {
            progress.Report(uploaded);
        }

        Assert.Equal(["uploading model.onnx: 10% of 1000 bytes"], Lines());
    }

    [Fact]
    public void A_report_a_second_later_prints_the_new_percentage()
    {
        var progress = new UploadProgress(_error, "model.onnx", 4096, _time);

        progress.Report(1024);
        _time.Advance(UploadProgress.Interval);
        progress.Report(2048);

        Assert.Equal(["uploading model.onnx: 25% of 4 KiB", "uploading model.onnx: 50% of 4 KiB"], Lines());
    }

    [Fact]
    public void The_end_of_an_upload_is_always_printed_once()
    {
        var progress = new UploadProgress(_error, "model.onnx", 1000, _time);

        progress.Report(500);
        progress.Report(1000);
        progress.Report(1000);

        Assert.Equal(["uploading model.onnx: 50% of 1000 bytes", "uploading model.onnx: 100% of 1000 bytes"], Lines());
    }

    private string[] Lines() => _error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
