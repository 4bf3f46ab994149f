using Infra.Testing;

namespace Infra.Access.Tests.Hostile;

/// <summary>The hostile definitions under Fixtures/Hostile, shared by the core and CLI tests.</summary>
internal static class HostileCorpus
{
    /// <summary>Fixtures whose bytes are not UTF-8: only the CLI, which decodes files, sees them as written.</summary>
    public static readonly string[] EncodingFixtures = ["invalid-utf8.yaml", "utf16-bom.yaml"];

    public static string Directory { get; } = RepositoryRoot.File("tests", "Infra.Access.Tests", "Fixtures", "Hostile");

    public static TheoryData<string> TextFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!EncodingFixtures.Contains(name))
            {
                data.Add(name);
            }
        }

        return data;
    }

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));
}
