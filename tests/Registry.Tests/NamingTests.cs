using Hotswap.Registry.Tests.Support;
using Hotswap.Registry.Versions;

namespace Hotswap.Registry.Tests;

/// <summary>Model names and versions become keys and folders: nothing may climb out of its folder.</summary>
public sealed class NamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> UnsafeNames { get; } =
        ["../x", "a/b", "..", ".", "", "x/../../y", "a\\b", "..\\x", ".hidden", "-rf", "a b", "iris\n", new string('m', 129)];

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Publishing_under_an_unsafe_model_name_is_refused_and_writes_nothing(string model)
    {
        await using var store = TestStore.Local();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => store.Registry.PublishAsync(TestModels.Request(store, model, "1", TestModels.LinearOnnx(1f)), Ct));

        Assert.Contains("is not a valid model name", error.Message);
        Assert.Empty(store.FilesWritten());
    }

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Publishing_an_unsafe_version_is_refused_and_writes_nothing(string version)
    {
        await using var store = TestStore.Local();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => store.Registry.PublishAsync(TestModels.Request(store, "iris", version, TestModels.LinearOnnx(1f)), Ct));

        Assert.Contains("is not a valid version of iris", error.Message);
        Assert.Empty(store.FilesWritten());
    }

    [Theory]
    [InlineData("../model_list.json")]
    [InlineData("../../../escaped.onnx")]
    [InlineData("sub/model.onnx")]
    [InlineData("MLmodel")]
    [InlineData("")]
    public async Task Publishing_with_an_unsafe_ONNX_file_name_is_refused_and_writes_nothing(string fileName)
    {
        await using var store = TestStore.Local();

        await Assert.ThrowsAsync<ArgumentException>(
            () => store.Registry.PublishAsync(TestModels.Request(store, "iris", "1", TestModels.LinearOnnx(1f)) with { OnnxFileName = fileName }, Ct));

        Assert.Empty(store.FilesWritten());
    }

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Every_operation_on_an_unsafe_model_name_is_refused_and_writes_nothing(string model)
    {
        await using var store = TestStore.Local();
        var registry = store.Registry;

        await Assert.ThrowsAsync<ArgumentException>(() => registry.ListVersionsAsync(model, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => registry.GetVersionAsync(model, "1", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => registry.PinAsync(model, "1", "ops", null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => registry.UnpinAsync(model, "ops", null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => registry.RollbackAsync(model, "ops", null, Ct));
        Assert.Empty(store.FilesWritten());
    }

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Pinning_an_unsafe_version_is_refused_and_writes_nothing(string version)
    {
        await using var store = TestStore.Local();

        await Assert.ThrowsAsync<ArgumentException>(() => store.Registry.PinAsync("iris", version, "ops", null, Ct));

        Assert.Empty(store.FilesWritten());
    }

    [Theory]
    [InlineData("iris")]
    [InlineData("Iris-v2.onnx_final")]
    [InlineData("7")]
    public void Ordinary_names_are_valid_models_and_versions(string name)
    {
        Assert.True(Naming.IsValidModel(name));
        Assert.True(Naming.IsValidVersion(name));
    }

    [Fact]
    public void Names_are_valid_up_to_their_maximum_length_and_not_beyond()
    {
        Assert.True(Naming.IsValidModel(new string('m', Naming.MaxModelLength)));
        Assert.False(Naming.IsValidModel(new string('m', Naming.MaxModelLength + 1)));
        Assert.True(Naming.IsValidVersion(new string('1', Naming.MaxVersionLength)));
        Assert.False(Naming.IsValidVersion(new string('1', Naming.MaxVersionLength + 1)));
    }

    [Fact]
    public void The_message_for_a_very_long_name_is_shortened()
    {
        var error = Assert.Throws<ArgumentException>(() => Naming.EnsureValidModel(new string('m', 10_000)));

        Assert.True(error.Message.Length < 300, error.Message);
    }
}
