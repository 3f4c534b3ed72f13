using System.Text.Json;

namespace Quality.Ingestion.Json;

/// <summary>
/// Reads large JSON exports without loading them whole: a top-level array is handed over one element at a time
/// (a top-level object counts as an array of one), and NDJSON one line at a time. Memory stays bounded by the
/// largest single element. Syntax errors become <see cref="ImportException"/>s with the byte offset.
/// </summary>
public static class JsonStreaming
{
    /// <summary>The largest single element (one task, one row) accepted; a bigger one is a broken file, not data.</summary>
    public const int MaxElementBytes = 256 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    /// <summary>Calls <paramref name="onElement"/> for each element with its index and the byte offset where it starts.</summary>
    public static void ReadArray(Stream stream, string file, Action<JsonElement, long, long> onElement, CancellationToken cancellationToken = default)
    {
        using var splitter = new JsonArrayPipeline(stream, file);
        while (splitter.Next(out var element, out var offset))
        {
            var index = splitter.Count - 1;
            if ((index & 0xFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(element, DocumentOptions);
            }
            catch (JsonException ex)
            {
                throw Malformed(file, element.Span, offset, ex);
            }
            using (document) onElement(document.RootElement, index, offset);
        }
    }

    /// <summary>A syntax error inside an element, at the offset of the offending byte.</summary>
    public static ImportException Malformed(string file, ReadOnlySpan<byte> element, long elementOffset, JsonException ex) =>
        ImportException.AtByte(file, JsonArraySplitter.ErrorOffset(element, elementOffset, ex), $"malformed JSON: {FirstSentence(ex.Message)}", ex);

    /// <summary>Newline-delimited JSON: one value per line; blank lines are skipped. Errors name the line.</summary>
    public static void ReadLines(Stream stream, string file, Action<JsonElement, long> onLine, CancellationToken cancellationToken = default)
    {
        using var reader = TextDecoding.OpenReader(stream);
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if ((lineNumber & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (line.Length > MaxElementBytes)
                throw new ImportException(file, lineNumber, null, $"the line is {line.Length} characters long; the limit is {MaxElementBytes}");
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line, DocumentOptions);
            }
            catch (JsonException ex)
            {
                throw new ImportException(file, lineNumber, null, $"malformed JSON at character {(ex.BytePositionInLine ?? 0) + 1}: {FirstSentence(ex.Message)}", ex);
            }
            using (doc) onLine(doc.RootElement, lineNumber);
        }
        if (lineNumber == 0) throw new ImportException(file, null, null, "the file is empty");
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
