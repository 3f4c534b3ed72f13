using System.Buffers;
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
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var length = 0;
            long offset = 0; // file offset of buffer[0]
            var final = false;
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            var started = false;
            var single = false;
            var done = false;
            long index = 0;

            // Skip a UTF-8 BOM.
            length = Fill(stream, buffer, 0, ref final);
            if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
            {
                Buffer.BlockCopy(buffer, 3, buffer, 0, length - 3);
                length -= 3;
                offset = 3;
            }
            if (length == 0) throw new ImportException(file, null, null, "the file is empty");

            while (!done)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
                long consumed = 0;
                try
                {
                    if (!started)
                    {
                        if (reader.Read())
                        {
                            if (reader.TokenType == JsonTokenType.StartArray) started = true;
                            else if (reader.TokenType == JsonTokenType.StartObject) { started = true; single = true; }
                            else throw ImportException.AtByte(file, offset + reader.TokenStartIndex, $"expected a JSON array or object, found {reader.TokenType}");
                            consumed = single ? reader.TokenStartIndex : reader.BytesConsumed;
                            if (single)
                            {
                                // Re-read the object from its start as one element.
                                reader = new Utf8JsonReader(buffer.AsSpan((int)consumed, length - (int)consumed), final, default);
                                if (JsonDocument.TryParseValue(ref reader, out var doc))
                                {
                                    using (doc) onElement(doc.RootElement, 0, offset + consumed);
                                    consumed += reader.BytesConsumed;
                                    done = true;
                                    state = reader.CurrentState;
                                    EnsureOnlyWhitespace(buffer, (int)consumed, length, stream, file, offset);
                                    break;
                                }
                                state = default;
                                // Need more data for the single object.
                                if (final) throw ImportException.AtByte(file, offset + length, "the JSON ends in the middle of the top-level object (truncated file?)");
                                GrowOrShift(ref buffer, ref length, ref offset, (int)consumed, file);
                                length += Fill(stream, buffer, length, ref final);
                                started = false;
                                single = false;
                                continue;
                            }
                            state = reader.CurrentState;
                        }
                    }

                    if (started && !single)
                    {
                        while (true)
                        {
                            var checkpoint = reader;
                            if (!reader.Read()) { reader = checkpoint; break; }
                            if (reader.TokenType == JsonTokenType.EndArray) { done = true; consumed = reader.BytesConsumed; break; }
                            var start = offset + reader.TokenStartIndex;
                            if (JsonDocument.TryParseValue(ref reader, out var element))
                            {
                                using (element) onElement(element.RootElement, index++, start);
                                consumed = reader.BytesConsumed;
                            }
                            else
                            {
                                reader = checkpoint;
                                break;
                            }
                        }
                        if (!done) consumed = reader.BytesConsumed;
                        state = reader.CurrentState;
                    }
                }
                catch (JsonException ex)
                {
                    throw ImportException.AtByte(file, offset + reader.BytesConsumed, $"malformed JSON: {FirstSentence(ex.Message)}", ex);
                }
                if (done)
                {
                    EnsureOnlyWhitespace(buffer, (int)consumed, length, stream, file, offset);
                    break;
                }
                if (final)
                    throw ImportException.AtByte(file, offset + consumed, started
                        ? "the JSON ends before the top-level array is closed (truncated file?)"
                        : "the file holds no JSON value");
                GrowOrShift(ref buffer, ref length, ref offset, (int)consumed, file);
                length += Fill(stream, buffer, length, ref final);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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

    private static void EnsureOnlyWhitespace(byte[] buffer, int from, int length, Stream stream, string file, long offset)
    {
        for (var i = from; i < length; i++)
            if (buffer[i] is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
                throw ImportException.AtByte(file, offset + i, "unexpected content after the end of the JSON value");
    }

    private static void GrowOrShift(ref byte[] buffer, ref int length, ref long offset, int consumed, string file)
    {
        if (consumed > 0)
        {
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            offset += consumed;
        }
        if (length == buffer.Length)
        {
            if (buffer.Length >= MaxElementBytes)
                throw ImportException.AtByte(file, offset, $"a single JSON element is larger than {MaxElementBytes / (1024 * 1024)} MB");
            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, bigger, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
    }

    private static int Fill(Stream stream, byte[] buffer, int start, ref bool final)
    {
        var total = 0;
        while (start + total < buffer.Length)
        {
            var n = stream.Read(buffer, start + total, buffer.Length - start - total);
            if (n == 0) { final = true; break; }
            total += n;
        }
        return total;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
