using Quality.Simulation;
using Quality.Simulation.Output;

namespace Quality.Tests.Simulation;

/// <summary>The default project, generated once for the simulation tests: in memory and written to a temp folder.</summary>
public sealed class DefaultSimulationFixture : IDisposable
{
    public DefaultSimulationFixture()
    {
        Project = Simulator.Generate(new SimulationOptions());
        Tasks = Project.Tasks().ToList();
        Directory = TempDirectory.Create();
        Summary = SimulationWriter.Write(Project, Directory);
    }

    public SimulatedProject Project { get; }
    public IReadOnlyList<SimulatedTask> Tasks { get; }
    public string Directory { get; }
    public SimulationSummary Summary { get; }

    public IEnumerable<SimulatedAnnotation> Annotations => Tasks.SelectMany(t => t.Annotations);

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose() => TempDirectory.Delete(Directory);
}

[CollectionDefinition(Name)]
public sealed class DefaultSimulationCollection : ICollectionFixture<DefaultSimulationFixture>
{
    public const string Name = "default simulation";
}

/// <summary>Scratch folders under the system temp directory.</summary>
public static class TempDirectory
{
    public static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "quality-sim-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Delete(string dir)
    {
        try { System.IO.Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }
}
