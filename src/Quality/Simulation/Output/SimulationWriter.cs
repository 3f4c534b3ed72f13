using System.Text;

namespace Quality.Simulation.Output;

/// <summary>Which files a run writes besides truth.json (always written: it is small and it is the answer key).</summary>
[Flags]
public enum SimulationFormats
{
    LabelStudio = 1,
    Csv = 2,
    All = LabelStudio | Csv,
}

/// <summary>What a run wrote.</summary>
/// <param name="Files">File name and size in bytes, in writing order.</param>
public sealed record SimulationSummary(
    int Items,
    int GoldItems,
    long Annotations,
    long AnnotationRows,
    long LabelStudioAnnotations,
    IReadOnlyList<(string File, long Bytes)> Files);

/// <summary>Writes a project's files in one streaming pass over its tasks.</summary>
public static class SimulationWriter
{
    public const string LabelStudioFile = "labelstudio.json";
    public const string AnnotationsFile = "annotations.csv";
    public const string GoldFile = "gold.csv";
    public const string AnnotatorsFile = "annotators.csv";
    public const string TruthFile = "truth.json";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static SimulationSummary Write(SimulatedProject project, string directory, SimulationFormats formats = SimulationFormats.All)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        long annotations = 0;
        long rows = 0;
        long lsAnnotations = 0;
        var ls = formats.HasFlag(SimulationFormats.LabelStudio);
        var csv = formats.HasFlag(SimulationFormats.Csv);

        using (var lsOut = ls ? Open(directory, LabelStudioFile, written) : null)
        using (var annOut = csv ? Open(directory, AnnotationsFile, written) : null)
        using (var goldOut = csv ? Open(directory, GoldFile, written) : null)
        {
            var lsWriter = lsOut is null ? null : new LabelStudioWriter(lsOut, project);
            var csvWriter = csv ? new CsvExportWriter(annOut!, goldOut!, project) : null;
            foreach (var task in project.Tasks())
            {
                annotations += task.Annotations.Count;
                lsWriter?.WriteTask(task);
                csvWriter?.WriteTask(task);
            }
            lsWriter?.Finish();
            rows = csvWriter?.AnnotationRows ?? 0;
            lsAnnotations = lsWriter?.AnnotationCount ?? 0;
        }
        if (csv)
        {
            using var w = Open(directory, AnnotatorsFile, written);
            CsvExportWriter.WriteAnnotators(w, project);
        }
        using (var w = Open(directory, TruthFile, written))
            TruthWriter.Write(w, project);

        var files = written.Select(f => (f, new FileInfo(Path.Combine(directory, f)).Length)).ToList();
        return new SimulationSummary(project.ItemCount, project.GoldItems.Count, annotations, rows, lsAnnotations, files);
    }

    private static StreamWriter Open(string directory, string file, List<string> written)
    {
        written.Add(file);
        return new StreamWriter(Path.Combine(directory, file), false, Utf8NoBom, 1 << 16) { NewLine = "\n" };
    }
}
