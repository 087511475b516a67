namespace Hotswap.Deployment.Tests;

/// <summary>deploy/k8s as <c>kubectl apply -k</c> reads it: the kustomization, the manifests it lists, its secrets file.</summary>
public static class Manifests
{
    public static readonly string Folder = Path.Combine(Hotswap.Testing.RepositoryRoot.Path, "deploy", "k8s");

    public static readonly YamlTree Kustomization = YamlTree.Parse(File.ReadAllText(Path.Combine(Folder, "kustomization.yaml")), "kustomization.yaml");

    /// <summary>The manifest files the kustomization lists, as full paths.</summary>
    public static readonly string[] Files = [.. Kustomization["resources"].Items.Select(r => Path.Combine(Folder, r.Text))];

    public static readonly IReadOnlyList<YamlTree> Objects = [.. Files.SelectMany(f => YamlTree.ParseAll(File.ReadAllText(f), Path.GetFileName(f)))];

    /// <summary>The one Secret, made by the kustomization's secretGenerator from an env file.</summary>
    public static YamlTree SecretGenerator => Kustomization["secretGenerator"].Items.Single();

    /// <summary>The keys of the generated Secret: every <c>KEY=value</c> line of its env files.</summary>
    public static IReadOnlySet<string> SecretKeys =>
        SecretGenerator["envs"].Items
            .SelectMany(envs => File.ReadAllLines(Path.Combine(Folder, envs.Text)))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
            .ToHashSet();

    public static YamlTree Object(string kind, string name) =>
        Objects.Single(o => o["kind"].Text == kind && o["metadata"]["name"].Text == name);

    public static YamlTree DeploymentNamed(string name) => Object("Deployment", name);

    public static YamlTree PodTemplate(string deployment) => DeploymentNamed(deployment)["spec"]["template"];

    public static YamlTree HostContainer() => PodTemplate("hotswap-host")["spec"]["containers"][0];

    public static YamlTree DashboardContainer() => PodTemplate("hotswap-dashboard")["spec"]["containers"][0];

    public static YamlTree Env(YamlTree container, string name) => container["env"].Items.Single(e => e["name"].Text == name);

    public static bool HasEnv(YamlTree container, string name) => container["env"].Items.Any(e => e["name"].Text == name);

    /// <summary>Whether a label selector's <c>matchLabels</c> all hold on a pod template's labels.</summary>
    public static bool Selects(YamlTree selector, YamlTree podTemplate)
    {
        var labels = podTemplate["metadata"]["labels"];
        return selector["matchLabels"].Keys.All(k => labels.TryGet(k)?.Text == selector["matchLabels"][k].Text);
    }
}
