using System.Text;
using Quality.Ingestion.Json;

namespace Quality.Ingestion.LabelStudio;

/// <summary>
/// Label Studio's JSON export: a list of tasks (or one task object, as written to cloud storage), each with its
/// `data` and `annotations[]`. One row per annotation and control (`from_name`); `ground_truth` annotations are gold;
/// cancelled annotations, drafts and model predictions are counted as skipped.
/// </summary>
public sealed class LabelStudioJsonImporter : IImporter
{
    public string Format => "label-studio";

    public int Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var first = LsSniff.FirstByte(head);
        if (first is not ((byte)'[' or (byte)'{')) return 0;
        var hasAnnotations = LsSniff.Contains(head, "\"annotations\"") || LsSniff.Contains(head, "\"completions\"");
        if (!hasAnnotations) return 0;
        if (LsSniff.Contains(head, "\"from_name\"") || LsSniff.Contains(head, "\"completed_by\"")) return 90;
        if (LsSniff.Contains(head, "\"result\"") || LsSniff.Contains(head, "\"data\"")) return 60;
        return 0;
    }

    public void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken)
    {
        var parser = new LsTaskParser(source, sink);
        using var splitter = new JsonArrayPipeline(stream, source.DisplayName);
        while (splitter.Next(out var task, out var offset))
        {
            parser.Task(task, offset);
            if ((splitter.Count & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.Progress(splitter.Position);
            }
        }
        parser.Finish();
        sink.Progress(splitter.Position);
    }
}

/// <summary>Cheap content checks on the head of a file, for detection.</summary>
internal static class LsSniff
{
    public static byte FirstByte(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8)) head = head[3..];
        foreach (var b in head)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
        return 0;
    }

    public static bool Contains(ReadOnlySpan<byte> head, string ascii) => head.IndexOf(Encoding.UTF8.GetBytes(ascii)) >= 0;
}
