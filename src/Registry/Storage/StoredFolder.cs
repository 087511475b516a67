namespace Hotswap.Registry.Storage;

/// <summary>A version's folder, resolved: the store that holds it, its key there and its URI as other tools spell it.</summary>
public sealed record StoredFolder(IObjectStore Store, string Key, string Uri)
{
    public string KeyOf(string file) => $"{Key}/{file}";
}
