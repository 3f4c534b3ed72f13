using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Quality.Ingestion.Regions;

/// <summary>
/// Collects the regions of one annotator's answer to one field (spans, boxes, polygons, keypoints) and writes them
/// in the region JSON every importer shares: the compact `Geometry` array and the `Value` summary (labels sorted,
/// joined with `|`). Reused across rows to keep allocation to the two output strings.
/// </summary>
public sealed class RegionList
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;
    private readonly List<string> _labels = [];

    public RegionList() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

    public int Count => _labels.Count;

    /// <summary>A text span in Unicode code points, end exclusive.</summary>
    public void AddSpan(int start, int end, string label, string? text)
    {
        Begin();
        _writer.WriteNumber("start", start);
        _writer.WriteNumber("end", end);
        End(label, text is null ? null : ("text", text));
    }

    /// <summary>A box; in pixels unless <paramref name="percent"/> (the image size was unknown).</summary>
    public void AddBox(double x, double y, double w, double h, string label, double rotation = 0, bool percent = false)
    {
        Begin();
        Number("x", x);
        Number("y", y);
        Number("w", w);
        Number("h", h);
        if (rotation != 0) Number("rotation", rotation);
        if (percent) _writer.WriteString("unit", "percent");
        End(label, null);
    }

    /// <summary>A polygon or polyline: the points in order.</summary>
    public void AddPolygon(IReadOnlyList<(double X, double Y)> points, string label, bool percent = false)
    {
        Begin();
        _writer.WritePropertyName("points");
        _writer.WriteStartArray();
        foreach (var (x, y) in points)
        {
            _writer.WriteStartArray();
            _writer.WriteNumberValue(Round(x));
            _writer.WriteNumberValue(Round(y));
            _writer.WriteEndArray();
        }
        _writer.WriteEndArray();
        if (percent) _writer.WriteString("unit", "percent");
        End(label, null);
    }

    public void AddKeypoint(double x, double y, string label, bool percent = false)
    {
        Begin();
        Number("x", x);
        Number("y", y);
        if (percent) _writer.WriteString("unit", "percent");
        End(label, null);
    }

    /// <summary>The geometry array and the sorted label summary; the list is empty again afterwards.</summary>
    public (string Geometry, string Value) Build()
    {
        if (_labels.Count == 0)
        {
            Clear();
            return ("[]", "");
        }
        _writer.WriteEndArray();
        _writer.Flush();
        var geometry = System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan);
        _labels.Sort(StringComparer.Ordinal);
        var value = _labels.Count == 1 ? _labels[0] : string.Join("|", _labels);
        Clear();
        return (geometry, value);
    }

    public void Clear()
    {
        _labels.Clear();
        _writer.Reset();
        _buffer.ResetWrittenCount();
    }

    // Pixel values come from percent × size / 100: round away the floating-point noise (1e-6 px is far below any
    // annotation's precision) so that 1040.0000000000002 is stored as 1040.
    private static double Round(double v) => Math.Round(v, 6, MidpointRounding.ToEven);

    private void Number(string name, double v) => _writer.WriteNumber(name, Round(v));

    private void Begin()
    {
        if (_labels.Count == 0) _writer.WriteStartArray();
        _writer.WriteStartObject();
    }

    private void End(string label, (string Name, string Value)? extra)
    {
        _writer.WriteString("label", label);
        if (extra is { } e) _writer.WriteString(e.Name, e.Value);
        _writer.WriteEndObject();
        _labels.Add(label);
    }
}
