using Quality.Simulation;
using Quality.Simulation.Output;
using Quality.Tests.Support;

namespace Quality.Tests.Simulation;

[Collection(DefaultSimulationCollection.Name)]
public sealed class SimulationDeterminismTests(DefaultSimulationFixture sample)
{
    private static readonly string[] DataFiles =
    [
        SimulationWriter.LabelStudioFile, SimulationWriter.AnnotationsFile, SimulationWriter.GoldFile,
        SimulationWriter.AnnotatorsFile, SimulationWriter.TruthFile,
    ];

    [Fact]
    public void Write_SameSeedTwice_FilesAreByteIdentical()
    {
        var dir = TempDirectory.Create();
        try
        {
            SimulationWriter.Write(Simulator.Generate(new SimulationOptions()), dir);
            foreach (var file in DataFiles)
                Assert.True(File.ReadAllBytes(sample.File(file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, file))),
                    $"{file} differs between two runs with seed 42");
        }
        finally
        {
            TempDirectory.Delete(dir);
        }
    }

    /// <summary>
    /// The committed sample is the CSV output (`--formats csv`): the 6.8 MB Label Studio export of the same project
    /// is generated when a test needs it, never committed. <see cref="Write_SameSeedTwice_FilesAreByteIdentical"/>
    /// covers its determinism.
    /// </summary>
    private static readonly string[] CommittedFiles = DataFiles.Except([SimulationWriter.LabelStudioFile]).ToArray();

    [Fact]
    public void Write_DefaultOptions_EqualsCommittedSampleData()
    {
        var committed = Path.Combine(TestPaths.RepoRoot, "sample-data");
        foreach (var file in CommittedFiles)
        {
            var path = Path.Combine(committed, file);
            Assert.True(File.Exists(path), $"sample-data/{file} is missing: run `quality simulate --formats csv --out sample-data`");
            Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(sample.File(file))),
                $"sample-data/{file} is not what the default seed produces: regenerate it with `quality simulate --formats csv --out sample-data`");
        }
        var extra = Directory.GetFiles(committed).Select(Path.GetFileName).Except(CommittedFiles).Except(["README.md", ".gitattributes"]).ToList();
        Assert.Empty(extra);
    }

    [Fact]
    public void Write_DifferentSeeds_DifferentFiles()
    {
        var a = TempDirectory.Create();
        var b = TempDirectory.Create();
        try
        {
            SimulationWriter.Write(Simulator.Generate(new SimulationOptions { Seed = 7, Items = 300 }), a);
            SimulationWriter.Write(Simulator.Generate(new SimulationOptions { Seed = 8, Items = 300 }), b);
            foreach (var file in DataFiles)
                Assert.False(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))),
                    $"{file} is the same for seeds 7 and 8");
        }
        finally
        {
            TempDirectory.Delete(a);
            TempDirectory.Delete(b);
        }
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentTextsAndAnswers()
    {
        var p7 = Simulator.Generate(new SimulationOptions { Seed = 7, Items = 200 });
        var p8 = Simulator.Generate(new SimulationOptions { Seed = 8, Items = 200 });
        var sameText = Enumerable.Range(0, 200).Count(i => p7.Item(i).Text == p8.Item(i).Text);
        Assert.True(sameText < 20, $"{sameText} of 200 texts coincide across seeds");
        Assert.NotEqual(p7.GoldItems, p8.GoldItems);
    }

    [Fact]
    public void Task_RecomputedOutOfOrder_EqualsStreamedTask()
    {
        foreach (var i in new[] { 1999, 0, 1234, sample.Project.GoldItems[5] })
        {
            var again = sample.Project.Task(i);
            var streamed = sample.Tasks[i];
            Assert.Equal(streamed.Item with { Entities = [] }, again.Item with { Entities = [] });
            Assert.Equal(streamed.Item.Entities, again.Item.Entities);
            Assert.Equal(Describe(streamed), Describe(again));
        }
    }

    [Fact]
    public void Generate_OnlySentimentField_SentimentAnswersUnchanged()
    {
        // Power studies switch fields off to go faster: that must not change the answers of the fields left on.
        var all = Simulator.Generate(new SimulationOptions { Items = 300 });
        var sentimentOnly = Simulator.Generate(new SimulationOptions { Items = 300, Fields = [SimulatedField.Sentiment] });
        var a = all.Tasks().SelectMany(t => t.Annotations).Select(x => (x.Item, x.Annotator, x.CreatedAt, x.Sentiment)).ToList();
        var b = sentimentOnly.Tasks().SelectMany(t => t.Annotations).Select(x => (x.Item, x.Annotator, x.CreatedAt, x.Sentiment)).ToList();
        Assert.Equal(a, b);
        Assert.All(sentimentOnly.Tasks().SelectMany(t => t.Annotations), x => Assert.True(x.Quality is null && x.Entities is null));
    }

    private static List<string> Describe(SimulatedTask task) => task.Annotations
        .Select(a => $"{a.Annotator}|{a.CreatedAt:O}|{a.UpdatedAt:O}|{a.LeadTimeMs}|{a.Sentiment}|{a.Quality}|{OutputFormat.Spans(a.Entities!)}")
        .ToList();
}
