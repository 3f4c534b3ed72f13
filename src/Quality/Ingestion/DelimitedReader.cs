using System.Text;

namespace Quality.Ingestion;

/// <summary>
/// A streaming RFC 4180 reader for CSV/TSV: quoted fields with delimiters, doubled quotes and line breaks,
/// CRLF or LF. Reuses one field list per record; tracks the line each record starts on for error messages.
/// </summary>
public sealed class DelimitedReader
{
    private readonly TextReader _reader;
    private readonly string _file;
    private readonly char[] _buffer = new char[1 << 16];
    private int _pos, _len;
    private readonly StringBuilder _field = new();
    private long _line = 1;

    public DelimitedReader(TextReader reader, char delimiter, string fileName)
    {
        _reader = reader;
        Delimiter = delimiter;
        _file = fileName;
    }

    public char Delimiter { get; }

    /// <summary>The line the current record started on (1-based).</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the input.</summary>
    public bool Read(List<string> fields)
    {
        fields.Clear();
        if (!Fill()) return false;
        RecordLine = _line;
        while (true)
        {
            var end = ReadField(out var field);
            fields.Add(field);
            if (end) return true;
        }
    }

    // Returns true when the field ended the record (line break or end of input).
    private bool ReadField(out string value)
    {
        _field.Clear();
        if (!Fill()) { value = ""; return true; }
        if (_buffer[_pos] == '"')
        {
            var startLine = _line;
            _pos++;
            while (true)
            {
                if (!Fill())
                    throw new ImportException(_file, startLine, null, "a quoted field is never closed (missing '\"')");
                var c = _buffer[_pos++];
                if (c == '"')
                {
                    if (Fill() && _buffer[_pos] == '"') { _field.Append('"'); _pos++; continue; }
                    break;
                }
                if (c == '\n') _line++;
                _field.Append(c);
            }
            value = _field.ToString();
            if (!Fill()) return true;
            var next = _buffer[_pos];
            if (next == Delimiter) { _pos++; return false; }
            if (next == '\r' || next == '\n') { ConsumeLineBreak(); return true; }
            throw new ImportException(_file, _line, null, $"unexpected '{next}' after a closing quote (quotes inside a field must be doubled)");
        }

        // Unquoted: scan the buffer directly and copy runs, not characters.
        while (true)
        {
            if (!Fill()) { value = _field.ToString(); return true; }
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var stop = span.IndexOfAny(Delimiter, '\n', '\r');
            if (stop < 0)
            {
                _field.Append(span);
                _pos = _len;
                continue;
            }
            _field.Append(span[..stop]);
            _pos += stop;
            var c = _buffer[_pos];
            value = _field.ToString();
            if (c == Delimiter) { _pos++; return false; }
            ConsumeLineBreak();
            return true;
        }
    }

    private void ConsumeLineBreak()
    {
        if (_buffer[_pos] == '\r')
        {
            _pos++;
            if (Fill() && _buffer[_pos] == '\n') _pos++;
        }
        else _pos++;
        _line++;
    }

    private bool Fill()
    {
        if (_pos < _len) return true;
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        return _len > 0;
    }

    /// <summary>Guesses the delimiter from the header line: the most frequent of tab, comma, semicolon, pipe.</summary>
    public static char DetectDelimiter(string headerLine, string fileName)
    {
        var candidates = new[] { '\t', ',', ';', '|' };
        var best = candidates.MaxBy(c => headerLine.Count(ch => ch == c));
        if (headerLine.Count(ch => ch == best) == 0)
            return fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        return best;
    }
}
