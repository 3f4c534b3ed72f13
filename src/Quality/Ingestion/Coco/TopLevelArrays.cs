using System.Buffers;
using System.Text.Json;

namespace Quality.Ingestion.Coco;

/// <summary>
/// Streams the arrays held by a top-level JSON object (COCO's images, annotations, categories) element by element;
/// every other property is skipped token by token. Memory stays bounded by the largest single element, whatever
/// the order of the properties. Syntax errors become <see cref="ImportException"/>s with the byte offset.
/// </summary>
internal static class TopLevelArrays
{
    private const int MaxElementBytes = 256 * 1024 * 1024;

    private enum Mode { Start, Property, ArrayStart, Element, SkipStart, Skipping, Done }

    /// <summary>
    /// Calls the handler <paramref name="handlerFor"/> returns for a property name (null: skip the property) on each
    /// element of that property's array, with the element's index and the byte offset where it starts.
    /// </summary>
    public static void Read(Stream stream, string file, Func<string, Action<JsonElement, long, long>?> handlerFor, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var final = false;
            var length = Fill(stream, buffer, 0, ref final);
            long offset = 0; // file offset of buffer[0]
            long linesBefore = 0; // line breaks before buffer[0], to turn a JsonException's line into a byte offset
            if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
            {
                Buffer.BlockCopy(buffer, 3, buffer, 0, length - 3);
                length -= 3;
                offset = 3;
            }
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            var mode = Mode.Start;
            string property = "";
            Action<JsonElement, long, long>? handler = null;
            long index = 0;
            var skipDepth = 0;

            while (mode != Mode.Done)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
                long consumed = 0;
                try
                {
                    while (mode != Mode.Done)
                    {
                        var checkpoint = reader;
                        if (!reader.Read()) break;
                        switch (mode)
                        {
                            case Mode.Start:
                                if (reader.TokenType != JsonTokenType.StartObject)
                                    throw ImportException.AtByte(file, offset + reader.TokenStartIndex, $"expected a JSON object, found {reader.TokenType}");
                                mode = Mode.Property;
                                break;
                            case Mode.Property:
                                if (reader.TokenType == JsonTokenType.EndObject) { mode = Mode.Done; break; }
                                EnsureUtf8(reader.ValueSpan, offset + reader.TokenStartIndex + 1, file);
                                property = reader.GetString()!;
                                handler = handlerFor(property);
                                mode = handler is null ? Mode.SkipStart : Mode.ArrayStart;
                                break;
                            case Mode.ArrayStart:
                                if (reader.TokenType != JsonTokenType.StartArray)
                                    throw ImportException.AtByte(file, offset + reader.TokenStartIndex, $"'{property}' should be an array, found {reader.TokenType}");
                                index = 0;
                                mode = Mode.Element;
                                break;
                            case Mode.Element:
                                if (reader.TokenType == JsonTokenType.EndArray) { mode = Mode.Property; break; }
                                var start = offset + reader.TokenStartIndex;
                                if (!JsonDocument.TryParseValue(ref reader, out var element))
                                {
                                    reader = checkpoint;
                                    goto needMore;
                                }
                                using (element)
                                {
                                    // System.Text.Json checks UTF-8 only when a string is read; check the element whole.
                                    EnsureUtf8(buffer.AsSpan((int)(start - offset), (int)(reader.BytesConsumed - (start - offset))), start, file);
                                    handler!(element.RootElement, index++, start);
                                }
                                break;
                            case Mode.SkipStart:
                                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                                {
                                    skipDepth = reader.CurrentDepth;
                                    mode = Mode.Skipping;
                                }
                                else mode = Mode.Property;
                                break;
                            case Mode.Skipping:
                                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == skipDepth)
                                    mode = Mode.Property;
                                break;
                        }
                        consumed = reader.BytesConsumed;
                        state = reader.CurrentState;
                    }
                needMore:;
                }
                catch (JsonException ex)
                {
                    var (at, line) = Position(ex, buffer, length, offset, linesBefore, offset + reader.BytesConsumed);
                    throw ImportException.AtByte(file, at, $"malformed JSON{(line is null ? "" : $" (line {line})")}: {FirstSentence(ex.Message)}", ex);
                }
                if (mode == Mode.Done)
                {
                    EnsureOnlyWhitespace(stream, buffer, (int)consumed, length, offset, file);
                    break;
                }
                if (final)
                    throw ImportException.AtByte(file, offset + consumed, mode == Mode.Start
                        ? "the file holds no JSON value"
                        : "the JSON ends before the top-level object is closed (truncated file?)");
                // Keep the unread tail, grow the buffer if one element does not fit, and read on.
                linesBefore += buffer.AsSpan(0, (int)consumed).Count((byte)'\n');
                Buffer.BlockCopy(buffer, (int)consumed, buffer, 0, length - (int)consumed);
                length -= (int)consumed;
                offset += consumed;
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxElementBytes)
                        throw ImportException.AtByte(file, offset, $"a single JSON element is larger than {MaxElementBytes / (1024 * 1024)} MB");
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                length += Fill(stream, buffer, length, ref final);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The exception's line is counted from the start of the file (the reader state carries it across buffers).
    private static (long Offset, long? Line) Position(JsonException ex, byte[] buffer, int length, long offset, long linesBefore, long fallback)
    {
        if (ex.LineNumber is not { } line || ex.BytePositionInLine is not { } column) return (fallback, null);
        var skip = line - linesBefore;
        var i = 0;
        while (skip > 0 && i < length)
        {
            var next = buffer.AsSpan(i, length - i).IndexOf((byte)'\n');
            if (next < 0) return (fallback, line + 1);
            i += next + 1;
            skip--;
        }
        return skip == 0 ? (offset + i + column, line + 1) : (fallback, line + 1);
    }

    private static void EnsureUtf8(ReadOnlySpan<byte> bytes, long at, string file)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return;
        var i = 0;
        while (i < bytes.Length && System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var n) == OperationStatus.Done) i += n;
        throw ImportException.AtByte(file, at + i, $"the file is not valid UTF-8 (byte 0x{bytes[i]:X2}); save it as UTF-8 and import again");
    }

    private static void EnsureOnlyWhitespace(Stream stream, byte[] buffer, int from, int length, long offset, string file)
    {
        while (true)
        {
            for (var i = from; i < length; i++)
                if (buffer[i] is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
                    throw ImportException.AtByte(file, offset + i, "unexpected content after the end of the JSON object");
            offset += length;
            from = 0;
            length = stream.Read(buffer, 0, buffer.Length);
            if (length == 0) return;
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
