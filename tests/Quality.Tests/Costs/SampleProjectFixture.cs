using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Costs;

/// <summary>The committed sample project (sample-data/) imported once, with its rates, into a temp database.</summary>
public sealed class SampleProjectFixture : IDisposable
{
    public const string Project = "sample";

    public SampleProjectFixture()
    {
        Db = new TempDatabase();
        SampleProject.Load(Db.Database, Db.Imports, Dir, Project);
    }

    public TempDatabase Db { get; }

    public static string Dir => Path.Combine(TestPaths.RepoRoot, "sample-data");

    public void Dispose() => Db.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SampleProjectCollection : ICollectionFixture<SampleProjectFixture>
{
    public const string Name = "sample project in a database";
}
