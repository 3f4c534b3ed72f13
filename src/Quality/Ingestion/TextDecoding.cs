using System.Text;

namespace Quality.Ingestion;

/// <summary>Opens text files strictly: UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is a clear error.</summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static StreamReader OpenReader(Stream stream) =>
        new(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

    /// <summary>
    /// Turns a decoding failure into an error that names the byte offset and line of the first invalid byte.
    /// Only runs on the error path, so the file is scanned again from the start.
    /// </summary>
    public static ImportException InvalidEncoding(string path, string displayName, Exception inner)
    {
        using var fs = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        long offset = 0, line = 1;
        var keep = 0;
        while (true)
        {
            var read = fs.Read(buffer, keep, buffer.Length - keep);
            var length = keep + read;
            var final = read == 0;
            var i = 0;
            while (i < length)
            {
                var status = System.Text.Rune.DecodeFromUtf8(buffer.AsSpan(i, length - i), out _, out var consumed);
                if (status == System.Buffers.OperationStatus.Done)
                {
                    if (buffer[i] == (byte)'\n') line++;
                    i += consumed;
                }
                else if (status == System.Buffers.OperationStatus.NeedMoreData && !final) break;
                else
                    return new ImportException(displayName, line, null,
                        $"the file is not valid UTF-8 (byte 0x{buffer[i]:X2} at byte offset {offset + i}); save it as UTF-8 and import again", inner);
            }
            offset += i;
            keep = length - i;
            Array.Copy(buffer, i, buffer, 0, keep);
            if (final) break;
        }
        return new ImportException(displayName, null, null, "the file is not valid UTF-8; save it as UTF-8 and import again", inner);
    }
}
