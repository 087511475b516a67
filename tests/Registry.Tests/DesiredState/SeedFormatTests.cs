using System.Text.Json;
using System.Text.Json.Nodes;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.DesiredState;

/// <summary>model_list.json as the seed project and other tools write it: read as-is, and kept readable by them.</summary>
public sealed class SeedFormatTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_seed_format_model_list_is_read_as_is(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await WriteSeedAsync(store, path: PathOf(store, "iris", "2"));

        var entry = (await store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris");

        Assert.NotNull(entry);
        Assert.Equal(PathOf(store, "iris", "2"), entry.Path);
        Assert.Equal("models:/iris/2", entry.ModelRelativeUri);
        Assert.Equal("2", entry.Version);
        Assert.Equal("20250101", entry.Date);
        Assert.Equal("", entry.Model);
        Assert.False(entry.Pinned);
        Assert.Empty(entry.History);
        Assert.Equal("team-a", entry.OtherFields?["owner"].GetString());
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Fields_unknown_to_us_survive_a_pin(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await WriteSeedAsync(store, path: PathOf(store, "iris", "2"));

        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);

        var json = await ReadRawAsync(store);
        Assert.Equal("team-a", (string?)json["iris"]?["owner"]);
        Assert.Equal("team-b", (string?)json["wine"]?["owner"]);
        Assert.Equal(42, (int?)json["wine"]?["replicas"]);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task The_seed_fields_keep_their_meaning_after_a_pin(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await WriteSeedAsync(store, path: PathOf(store, "iris", "2"));

        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);

        var iris = (await ReadRawAsync(store))["iris"]!;
        Assert.Equal(PathOf(store, "iris", "1"), (string?)iris["path"]);
        Assert.Equal("models:/iris/1", (string?)iris["model_relative_uri"]);
        Assert.Equal("1", (string?)iris["version"]);
        Assert.Equal(TestStore.Start.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), (string?)iris["date"]);
        Assert.Equal("", (string?)iris["model"]);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Another_models_seed_entry_is_left_as_it_was_by_a_pin(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await WriteSeedAsync(store, path: PathOf(store, "iris", "2"));

        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);

        var wine = (await ReadRawAsync(store))["wine"]!;
        Assert.Equal("s3://elsewhere/wine/7", (string?)wine["path"]);
        Assert.Equal("models:/wine/7", (string?)wine["model_relative_uri"]);
        Assert.Equal("7", (string?)wine["version"]);
        Assert.Equal("20241231", (string?)wine["date"]);
        Assert.Equal("wine-classifier", (string?)wine["model"]);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_publish_writes_the_five_seed_fields_as_strings(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);

        await store.PublishAsync("iris", "1");

        var iris = (await ReadRawAsync(store))["iris"]!.AsObject();
        foreach (var field in new[] { "path", "model_relative_uri", "version", "date", "model" })
        {
            Assert.Equal(JsonValueKind.String, iris[field]?.GetValueKind());
        }

        Assert.Equal(PathOf(store, "iris", "1"), (string?)iris["path"]);
    }

    [Theory]
    [InlineData(StoreKind.Local, PathStyle.Uri)]
    [InlineData(StoreKind.Local, PathStyle.RelativeKey)]
    [InlineData(StoreKind.Local, PathStyle.None)]
    [InlineData(StoreKind.S3, PathStyle.Uri)]
    [InlineData(StoreKind.S3, PathStyle.RelativeKey)]
    [InlineData(StoreKind.S3, PathStyle.None)]
    public async Task An_entry_resolves_to_the_version_its_path_names(StoreKind kind, PathStyle style)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        var published = (await store.PublishAsync("iris", "2")).Version;
        var path = style switch
        {
            PathStyle.Uri => PathOf(store, "iris", "2"),
            PathStyle.RelativeKey => $"{store.Location.Prefix}iris/2",
            _ => "",
        };
        await WriteSeedAsync(store, path);
        var entry = (await store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris")!;

        var version = await store.Registry.GetVersionAsync("iris", entry, Ct);

        Assert.Equal("2", version?.Version);
        Assert.Equal(published.Sha256, version?.Sha256);
    }

    public enum PathStyle
    {
        /// <summary>s3://BUCKET/PREFIX/model/version, or the version's directory in a local store.</summary>
        Uri,

        /// <summary>PREFIX/model/version, relative to the bucket or the store's root.</summary>
        RelativeKey,

        /// <summary>No path at all: the version number alone.</summary>
        None,
    }

    private static string PathOf(TestStore store, string model, string version) =>
        store.Location.UriOf($"{store.Location.Prefix}{model}/{version}");

    /// <summary>Exactly the seed project's five fields per model, plus fields no Hotswap code knows.</summary>
    private static Task WriteSeedAsync(TestStore store, string path) => store.WriteTextAsync(store.DesiredStateKey, $$"""
        {
          "iris": {
            "path": {{JsonSerializer.Serialize(path)}},
            "model_relative_uri": "models:/iris/2",
            "version": "2",
            "date": "20250101",
            "model": "",
            "owner": "team-a"
          },
          "wine": {
            "path": "s3://elsewhere/wine/7",
            "model_relative_uri": "models:/wine/7",
            "version": "7",
            "date": "20241231",
            "model": "wine-classifier",
            "owner": "team-b",
            "replicas": 42
          }
        }
        """);

    private static async Task<JsonObject> ReadRawAsync(TestStore store) =>
        JsonNode.Parse((await store.ReadAsync(store.DesiredStateKey))!)!.AsObject();
}
