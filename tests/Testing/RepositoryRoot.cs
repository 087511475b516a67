namespace Hotswap.Testing;

public static class RepositoryRoot
{
    /// <summary>The folder holding Control.sln, found upward from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Control.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Control.sln above {AppContext.BaseDirectory}.");
    }
}
