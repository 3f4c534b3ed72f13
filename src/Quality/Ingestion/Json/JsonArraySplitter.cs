using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;

namespace Quality.Ingestion.Json;

/// <summary>
/// Splits a top-level JSON array into its elements without parsing them: a vectorised scan for brackets and
/// string quotes finds where each element ends, so each element is tokenized once, by whoever reads it. A
/// top-level object is one element. The bytes between elements (commas, whitespace) and after the value are
/// checked here; the elements' own syntax is checked by their reader (see <see cref="JsonStreaming.Malformed"/>).
/// Memory is bounded by the largest element.
/// </summary>
internal sealed class JsonArraySplitter : IDisposable
{
    private const int InitialBuffer = 1 << 20;

    private readonly Stream _stream;
    private readonly string _file;
    private byte[] _buffer;
    private int _start, _end;   // unread data is _buffer[_start.._end)
    private long _bufferOffset; // file offset of _buffer[0]
    private bool _eof;
    private State _state = State.Start;
    private long _count;

    private enum State { Start, ArrayFirst, ArrayNext, Single, SingleDone, Done }

    public JsonArraySplitter(Stream stream, string file)
    {
        _stream = stream;
        _file = file;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    }

    /// <summary>The file offset up to which the input has been consumed.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>Elements returned so far.</summary>
    public long Count => _count;

    /// <summary>
    /// The next element: its bytes (valid until the next call) and the file offset where it starts. False after
    /// the last element, once the rest of the file has been checked to be whitespace.
    /// </summary>
    public bool Next(out ReadOnlyMemory<byte> element, out long offset)
    {
        element = default;
        offset = 0;
        while (true)
        {
            switch (_state)
            {
                case State.Start:
                    Begin();
                    continue;
                case State.Done:
                    return false;
                case State.SingleDone:
                    Finish();
                    return false;
                case State.ArrayFirst or State.ArrayNext:
                    {
                        var b = NextNonSpace("the JSON ends before the top-level array is closed (truncated file?)");
                        if (b == (byte)']')
                        {
                            if (_state == State.ArrayNext && _count > 0 && _afterComma)
                                throw ImportException.AtByte(_file, Position, "a ',' is followed by ']' (trailing comma)");
                            _start++;
                            Finish();
                            return false;
                        }
                        if (_state == State.ArrayNext && !_afterComma)
                        {
                            if (b != (byte)',')
                                throw ImportException.AtByte(_file, Position, $"expected ',' or ']' after element {_count} of the top-level array, found {Describe(b)}");
                            _start++;
                            _afterComma = true;
                            continue;
                        }
                        if (b is (byte)',' or (byte)'}' or (byte)':')
                            throw ImportException.AtByte(_file, Position, $"expected a value in the top-level array, found {Describe(b)}");
                        _afterComma = false;
                        _state = State.ArrayNext;
                        var length = ScanValue(b, truncated: "the JSON ends in the middle of an element of the top-level array (truncated file?)");
                        offset = Position;
                        element = _buffer.AsMemory(_start, length);
                        CheckUtf8(element.Span, offset);
                        _start += length;
                        _count++;
                        return true;
                    }
                case State.Single:
                    {
                        var length = ScanValue((byte)'{', truncated: "the JSON ends in the middle of the top-level object (truncated file?)");
                        offset = Position;
                        element = _buffer.AsMemory(_start, length);
                        CheckUtf8(element.Span, offset);
                        _start += length;
                        _count++;
                        _state = State.SingleDone;
                        return true;
                    }
            }
        }
    }

    private bool _afterComma;

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Begin()
    {
        Fill();
        if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF) _start += 3;
        if (!SkipSpace()) throw new ImportException(_file, null, null, "the file is empty");
        var b = _buffer[_start];
        if (b == (byte)'[')
        {
            _start++;
            _state = State.ArrayFirst;
        }
        else if (b == (byte)'{') _state = State.Single;
        else throw ImportException.AtByte(_file, Position, $"expected a JSON array or object, found {Describe(b)}");
    }

    private void Finish()
    {
        _state = State.Done;
        while (true)
        {
            for (; _start < _end; _start++)
                if (!IsSpace(_buffer[_start]))
                    throw ImportException.AtByte(_file, Position, "unexpected content after the end of the JSON value");
            if (_eof) return;
            Compact();
            Fill();
        }
    }

    private byte NextNonSpace(string truncated)
    {
        if (!SkipSpace()) throw ImportException.AtByte(_file, Position, truncated);
        return _buffer[_start];
    }

    // Skips whitespace, refilling; false at the end of the input.
    private bool SkipSpace()
    {
        while (true)
        {
            for (; _start < _end; _start++)
                if (!IsSpace(_buffer[_start])) return true;
            if (_eof) return false;
            Compact();
            Fill();
            if (_start == _end && _eof) return false;
        }
    }

    // The length of the value starting at _start (first byte b), refilling and growing the buffer as needed.
    private int ScanValue(byte b, string truncated)
    {
        var pos = _start; // scan position
        var depth = 0;
        var inString = false;
        if (b is not ((byte)'{' or (byte)'[' or (byte)'"'))
        {
            // A number, true, false or null: runs to the next delimiter.
            while (true)
            {
                for (; pos < _end; pos++)
                    if (_buffer[pos] is (byte)',' or (byte)']' or (byte)'}' || IsSpace(_buffer[pos])) return pos - _start;
                if (_eof) return pos - _start;
                pos = Refill(pos);
            }
        }
        while (true)
        {
            // A string as a whole element ends at its closing quote, which only the byte-by-byte scan looks for.
            var found = b == (byte)'"' ? ScanBytes(_buffer, ref pos, _end, _end, ref depth, ref inString) : Scan(_buffer, ref pos, _end, ref depth, ref inString);
            if (found >= 0) return found - _start;
            if (_eof) throw ImportException.AtByte(_file, _bufferOffset + _end, truncated);
            pos = Refill(pos);
        }
    }

    /// <summary>
    /// Scans buffer[pos..end) for the bracket that brings <paramref name="depth"/> back to zero, outside strings;
    /// returns the index just past it, or -1 (with the state saved in the refs) when the data ends first.
    /// 32 bytes at a time where possible: quote positions give the in-string mask by a prefix XOR, so blocks whose
    /// brackets cannot close the value are skipped with two population counts. Blocks with a backslash, and the
    /// tail, go byte by byte.
    /// </summary>
    internal static int Scan(byte[] buffer, ref int pos, int end, ref int depth, ref bool inString)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            while (pos + 32 <= end)
            {
                var v = Vector256.LoadUnsafe(ref buffer[pos]);
                if (Vector256.EqualsAny(v, Vector256.Create((byte)'\\')))
                {
                    var r = ScanBytes(buffer, ref pos, pos + 32, end, ref depth, ref inString);
                    if (r >= 0) return r;
                    continue;
                }
                var quotes = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
                var x = quotes;
                x ^= x << 1;
                x ^= x << 2;
                x ^= x << 4;
                x ^= x << 8;
                x ^= x << 16;
                if (inString) x = ~x;
                // x: bit i set when byte i is inside a string (an opening quote counts as inside, a closing one not;
                // neither is a bracket, so it does not matter).
                var open = (Vector256.Equals(v, Vector256.Create((byte)'{')) | Vector256.Equals(v, Vector256.Create((byte)'['))).ExtractMostSignificantBits() & ~x;
                var close = (Vector256.Equals(v, Vector256.Create((byte)'}')) | Vector256.Equals(v, Vector256.Create((byte)']'))).ExtractMostSignificantBits() & ~x;
                inString = (x & 0x8000_0000u) != 0;
                var closes = BitOperations.PopCount(close);
                if (depth - closes > 0)
                {
                    depth += BitOperations.PopCount(open) - closes;
                    pos += 32;
                    continue;
                }
                var brackets = open | close;
                while (brackets != 0)
                {
                    var bit = BitOperations.TrailingZeroCount(brackets);
                    brackets &= brackets - 1;
                    if ((open >> bit & 1) != 0) depth++;
                    else if (--depth == 0) return pos + bit + 1;
                }
                pos += 32;
            }
        }
        return ScanBytes(buffer, ref pos, end, end, ref depth, ref inString);
    }

    // Byte by byte up to limit (an escape may look one byte past it, up to end).
    private static int ScanBytes(byte[] buffer, ref int pos, int limit, int end, ref int depth, ref bool inString)
    {
        while (pos < limit)
        {
            var c = buffer[pos];
            if (inString)
            {
                if (c == (byte)'"') inString = false;
                else if (c == (byte)'\\')
                {
                    if (pos + 1 >= end) return -1; // the escaped byte is in the next chunk
                    pos++;
                }
                pos++;
                if (!inString && depth == 0) return pos;
                continue;
            }
            pos++;
            if (c == (byte)'"') inString = true;
            else if (c is (byte)'{' or (byte)'[') depth++;
            else if (c is (byte)'}' or (byte)']' && --depth == 0) return pos;
        }
        return -1;
    }

    // Makes room and reads more, keeping the value being scanned; returns the scan position in the moved buffer.
    private int Refill(int pos)
    {
        var relative = pos - _start;
        Compact();
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= JsonStreaming.MaxElementBytes)
                throw ImportException.AtByte(_file, Position, $"a single JSON element is larger than {JsonStreaming.MaxElementBytes / (1024 * 1024)} MB");
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, JsonStreaming.MaxElementBytes));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        Fill();
        return _start + relative;
    }

    // Moves the unread bytes to the front of the buffer.
    private void Compact()
    {
        if (_start == 0) return;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _bufferOffset += _start;
        _end -= _start;
        _start = 0;
    }

    private void Fill()
    {
        while (_end < _buffer.Length && !_eof)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            else _end += n;
        }
    }

    // Readers would only notice invalid UTF-8 when a string is decoded, with an exception that names no position.
    private void CheckUtf8(ReadOnlySpan<byte> element, long offset)
    {
        if (System.Text.Unicode.Utf8.IsValid(element)) return;
        var i = 0;
        while (Rune.DecodeFromUtf8(element[i..], out _, out var consumed) == OperationStatus.Done) i += consumed;
        throw ImportException.AtByte(_file, offset + i, $"the file is not valid UTF-8 (byte 0x{element[i]:X2}); save it as UTF-8 and import again");
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static string Describe(byte b) => b is >= 0x20 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    /// <summary>Turns a reader's syntax error inside an element into the file offset of the offending byte.</summary>
    public static long ErrorOffset(ReadOnlySpan<byte> element, long elementOffset, JsonException ex)
    {
        var line = ex.LineNumber ?? 0;
        var lineStart = 0;
        for (var i = 0; i < line; i++)
        {
            var nl = element[lineStart..].IndexOf((byte)'\n');
            if (nl < 0) break;
            lineStart += nl + 1;
        }
        return elementOffset + Math.Min(element.Length, lineStart + (ex.BytePositionInLine ?? 0));
    }
}
