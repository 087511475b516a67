using static Hotswap.Deployment.Tests.Manifests;

namespace Hotswap.Deployment.Tests;

/// <summary>deploy/k8s/kustomization.yaml: <c>kubectl apply -k deploy/k8s</c> sets the namespace, the images and the secrets.</summary>
public sealed class KustomizationTests
{
    [Fact]
    public void The_kustomization_lists_every_manifest_of_the_folder()
    {
        var manifests = Directory.GetFiles(Folder, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml");

        Assert.Equal(manifests.Order(), Files.Order());
    }

    [Fact]
    public void Everything_goes_to_the_namespace_the_manifests_create()
    {
        Assert.Equal(Kustomization["namespace"].Text, Objects.Single(o => o["kind"].Text == "Namespace")["metadata"]["name"].Text);
    }

    [Fact]
    public void Its_images_are_the_images_every_container_runs()
    {
        var images = Objects.Where(o => o["kind"].Text == "Deployment")
            .SelectMany(d => d["spec"]["template"]["spec"]["containers"].Items)
            .Select(c => c["image"].Text.Split(':')[0])
            .Distinct();

        Assert.Equal(images.Order(), Kustomization["images"].Items.Select(i => i["name"].Text).Order());
    }

    [Fact]
    public void The_secrets_file_ships_placeholders_only()
    {
        var values = File.ReadAllLines(Path.Combine(Folder, SecretGenerator["envs"][0].Text))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        Assert.All(values, value => Assert.Equal("change-me", value));
    }
}
