namespace Quality.Ingestion;

/// <summary>The kinds of question a labeling project asks; stored as the lower-case names in the fields table.</summary>
public enum FieldKind
{
    Nominal,
    MultiLabel,
    Ordinal,
    Numeric,
    Span,
    Box,
    Polygon,
    Keypoint,
    Text,
}

/// <summary>Converts field kinds to and from their stored names.</summary>
public static class FieldKinds
{
    public static string ToDb(this FieldKind kind) => kind switch
    {
        FieldKind.MultiLabel => "multi_label",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static FieldKind Parse(string value) => value switch
    {
        "multi_label" => FieldKind.MultiLabel,
        _ => Enum.Parse<FieldKind>(value, ignoreCase: true),
    };

    /// <summary>Whether the field's labels are categories (agreement coefficients apply).</summary>
    public static bool IsCategorical(this FieldKind kind) => kind is FieldKind.Nominal or FieldKind.Ordinal or FieldKind.MultiLabel;
}

/// <summary>A field as an importer declares it; a null kind is inferred from the values at the end of the import.</summary>
public sealed record FieldDefinition(string Name, FieldKind? Kind, IReadOnlyList<string>? Categories = null);

/// <summary>One annotator's answer to one field of one item, as read from a file.</summary>
/// <param name="Value">Label, JSON array of labels (multi-label), number as text, free text, or region labels.</param>
/// <param name="ValueNum">The number for numeric and rating answers.</param>
/// <param name="Geometry">JSON array of regions (spans, boxes, polygons, keypoints).</param>
/// <param name="SourceId">The tool's id for this answer; an updated export replaces answers by it. Null: item|field|annotator.</param>
/// <param name="Line">Line (or record number) in the file, for messages and for "last one wins" on duplicates.</param>
public readonly record struct AnnotationRow(
    string ItemKey, string Field, string Annotator, string? Value, double? ValueNum, string? Geometry,
    DateTime? CreatedAtUtc, double? LeadTimeS, string? SourceId, string? Review, long Line);

/// <summary>The known answer of a gold item for a field.</summary>
public readonly record struct GoldRow(string ItemKey, string Field, string? Value, double? ValueNum, string? Geometry, long Line);

/// <summary>What the user asked for: the project, and overrides of what the file says.</summary>
public sealed record ImportRequest
{
    public required string Project { get; init; }
    /// <summary>Force a format instead of detecting it from the content.</summary>
    public string? Format { get; init; }
    /// <summary>The annotator of a file that does not name one (COCO, CVAT, doccano, Prodigy).</summary>
    public string? Annotator { get; init; }
    /// <summary>The whole file is the reference (gold) set rather than an annotator's work.</summary>
    public bool AsGold { get; init; }
    /// <summary>A separate `item[,field],gold` file imported in the same transaction.</summary>
    public string? GoldFile { get; init; }
    /// <summary>The name the user knows the file by (an upload's original name); defaults to the path's file name.</summary>
    public string? DisplayName { get; init; }
    public string? ImportedBy { get; init; }
}

/// <summary>Where the importer writes what it reads. Implemented by the staging area of <see cref="ImportService"/>.</summary>
public interface IImportSink
{
    void Field(FieldDefinition field);
    void Item(string itemKey, string? text, string? mediaRef);
    void Annotator(string key, string? displayName);
    void Annotation(in AnnotationRow row);
    void Gold(in GoldRow row);
    /// <summary>A row that was read but not imported, with the reason (counted per reason in the summary).</summary>
    void Skip(string reason);
    /// <summary>How far into the stream the importer is, in bytes; drives the progress bar.</summary>
    void Progress(long position);
}

/// <summary>Reads one export format into an <see cref="IImportSink"/>, streaming.</summary>
public interface IImporter
{
    /// <summary>The format's id as users type it after --format (e.g. "csv", "label-studio").</summary>
    string Format { get; }

    /// <summary>How sure the importer is that the file is its format, 0 (no) to 100, from its first bytes and name.</summary>
    int Detect(ReadOnlySpan<byte> head, string fileName);

    /// <summary>Reads the whole stream; throws <see cref="ImportException"/> naming the position of bad input.</summary>
    void Read(Stream stream, ImportSource source, IImportSink sink, CancellationToken cancellationToken);
}

/// <summary>The file being read and the request's overrides, for importers.</summary>
public sealed record ImportSource(string Path, string DisplayName, ImportRequest Request);

/// <summary>Bad input: names the file, the position (line and column, or byte offset) and the problem.</summary>
public sealed class ImportException : QualityException
{
    public ImportException(string file, long? line, string? column, string problem, Exception? inner = null)
        : base(Format(file, line, column, null, problem), inner)
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    private ImportException(string file, long byteOffset, string problem, Exception? inner)
        : base(Format(file, null, null, byteOffset, problem), inner)
    {
        File = file;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    public static ImportException AtByte(string file, long byteOffset, string problem, Exception? inner = null)
        => new(file, byteOffset, problem, inner);

    public string File { get; }
    public long? Line { get; }
    public string? Column { get; }
    public long? ByteOffset { get; }
    public string Problem { get; }

    private static string Format(string file, long? line, string? column, long? offset, string problem)
    {
        var where = file;
        if (line is not null) where += $":{line}";
        if (column is not null) where += $" (column '{column}')";
        if (offset is not null) where += $" at byte {offset}";
        return $"{where}: {problem}";
    }
}
